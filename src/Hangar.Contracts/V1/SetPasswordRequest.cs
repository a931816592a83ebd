namespace Hangar.Contracts.V1;

public sealed record SetPasswordRequest(string? NewPassword);
