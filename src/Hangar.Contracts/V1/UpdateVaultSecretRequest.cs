using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>A partial update: <c>description</c> changes when given; <c>value</c>, when given, replaces the whole value.</summary>
public sealed class UpdateVaultSecretRequest
{
    private JsonElement? _value;

    /// <summary>Only to be refused when it differs: names never change, since robots address secrets by name.</summary>
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Value
    {
        get => _value;
        set
        {
            _value = value;
            ValueGiven = true;
        }
    }

    /// <summary>True when the body has <c>value</c>, even <c>null</c> (which is refused: a secret always has a value).</summary>
    [JsonIgnore]
    public bool ValueGiven { get; private set; }
}
