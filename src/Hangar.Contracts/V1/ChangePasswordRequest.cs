namespace Hangar.Contracts.V1;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
