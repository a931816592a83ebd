using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record WorkItemFileResponse(string Id, long Size, string Name);
