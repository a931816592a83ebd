namespace Hangar.Contracts.V1;

/// <summary>
/// A worker as Robocorp lists it; <c>state</c> is <c>offline</c>, <c>idle</c> or <c>busy</c>. Hangar adds
/// <c>isolation</c>: how the worker keeps robots away from itself (<c>sandbox</c>, <c>user</c>, <c>environment</c>), as
/// it last said; null before its first claim.
/// </summary>
public sealed record WorkerResponse(string Id, string Name, string State, string? Isolation);
