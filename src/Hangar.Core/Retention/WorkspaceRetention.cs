namespace Hangar.Core.Retention;

/// <summary>A workspace whose finished runs are deleted after <paramref name="Days"/> days.</summary>
public sealed record WorkspaceRetention(string WorkspaceId, int Days);
