using Hangar.Contracts.V1;

namespace Hangar.Contracts;

/// <summary>
/// The error body of the older surfaces (process-v1, workspace-v1, rcc's APIs): Robocorp's clients read
/// <c>status</c>, <c>code</c> or <c>error.code</c>, and <c>message</c> or <c>error.message</c>, so all are given.
/// </summary>
public sealed record LegacyErrorResponse(int Status, string Code, string Message, ErrorDetail Error);
