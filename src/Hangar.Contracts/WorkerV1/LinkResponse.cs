namespace Hangar.Contracts.WorkerV1;

/// <summary>The linked worker and its credential (<c>hgw_...</c>), shown only in this answer.</summary>
public sealed record LinkResponse(string WorkerId, string WorkspaceId, string Credential);
