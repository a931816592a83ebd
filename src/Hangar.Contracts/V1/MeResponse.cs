namespace Hangar.Contracts.V1;

/// <summary>The signed-in user with the organizations they belong to and their role in each.</summary>
public sealed record MeResponse(string Id, string Username, string? DisplayName, IReadOnlyList<MembershipResponse> Organizations,
    bool InstanceAdmin);
