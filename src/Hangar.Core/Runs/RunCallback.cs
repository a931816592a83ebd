namespace Hangar.Core.Runs;

/// <summary>A trigger's callback: Hangar POSTs the listed run events to <see cref="Url"/>, signed with <see cref="Secret"/>.</summary>
public sealed record RunCallback(string Url, string? Secret, IReadOnlyList<string> Events)
{
    public static readonly IReadOnlyList<string> AllEvents = ["started", "completed", "unresolved"];

    /// <summary>The context the run's callback secret is encrypted under, binding the ciphertext to the run.</summary>
    public static string SecretContext(string runId) => $"callback:{runId}";
}
