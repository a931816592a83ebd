namespace Hangar.Contracts.V1;

/// <summary>The error body of every v1 refusal: <c>{"error":{"code","message"}}</c>.</summary>
public sealed record ErrorResponse(ErrorDetail Error);
