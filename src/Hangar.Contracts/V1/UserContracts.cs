namespace Hangar.Contracts.V1;

public sealed record UserResponse(string Id, string Username, string? DisplayName, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>The signed-in user with the organizations they belong to and their role in each.</summary>
public sealed record MeResponse(string Id, string Username, string? DisplayName, IReadOnlyList<MembershipResponse> Organizations);

public sealed record MembershipResponse(string Id, string Name, string Role);

public sealed record CreateUserRequest(string? Username, string? Password, string? DisplayName, IdRef? Organization);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record SetPasswordRequest(string? NewPassword);
