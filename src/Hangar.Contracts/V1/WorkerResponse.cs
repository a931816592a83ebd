namespace Hangar.Contracts.V1;

/// <summary>A worker as Robocorp lists it; <c>state</c> is <c>offline</c>, <c>idle</c> or <c>busy</c>.</summary>
public sealed record WorkerResponse(string Id, string Name, string State);
