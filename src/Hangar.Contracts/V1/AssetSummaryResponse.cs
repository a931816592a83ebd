namespace Hangar.Contracts.V1;

public sealed record AssetSummaryResponse(string Id, string Name);
