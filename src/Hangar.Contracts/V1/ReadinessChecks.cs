namespace Hangar.Contracts.V1;

/// <summary>The dependencies a node needs to serve: the database, the blob store, and the leader election.</summary>
public sealed record ReadinessChecks(DependencyState Database, DependencyState BlobStore, DependencyState Leadership);
