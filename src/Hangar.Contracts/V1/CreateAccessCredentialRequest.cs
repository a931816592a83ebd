namespace Hangar.Contracts.V1;

public sealed record CreateAccessCredentialRequest(string? Name);
