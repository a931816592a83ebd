using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>The legacy Process API's list wrapper: <c>{"data": [...]}</c>.</summary>
public sealed record DataList<T>([property: JsonPropertyName("data")] IReadOnlyList<T> Data);
