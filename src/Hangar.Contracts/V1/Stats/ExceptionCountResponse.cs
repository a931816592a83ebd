namespace Hangar.Contracts.V1.Stats;

/// <summary>How many work items failed with one exception type (<c>BUSINESS</c>, <c>APPLICATION</c>, ...) and code.</summary>
public sealed record ExceptionCountResponse(string Type, string? Code, long Count);
