using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record WorkItemBatchRequest(string? BatchOperation, List<string>? WorkItemIds);
