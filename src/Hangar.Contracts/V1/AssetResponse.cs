namespace Hangar.Contracts.V1;

public sealed record AssetResponse(string Id, string Name, AssetPayloadResponse Payload);
