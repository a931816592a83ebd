namespace Hangar.Contracts.V1;

public sealed record ErrorDetail(string Code, string Message);
