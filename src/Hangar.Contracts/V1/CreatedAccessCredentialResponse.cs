namespace Hangar.Contracts.V1;

/// <summary>The new credential; <see cref="Credential"/> (<c>identifier:secret</c>) is shown only in this answer.</summary>
public sealed record CreatedAccessCredentialResponse(string Id, string Name, DateTimeOffset CreatedAt, string Credential);
