using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record CallbackRequest(string? Url, string? Secret, List<string>? CallbackEvents);
