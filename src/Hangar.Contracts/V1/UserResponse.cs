namespace Hangar.Contracts.V1;

/// <param name="InstanceAdmin">An instance administrator (made only with <c>hangar admin instance-admin</c>).</param>
public sealed record UserResponse(string Id, string Username, string? DisplayName, bool Disabled, DateTimeOffset CreatedAt, bool InstanceAdmin);
