namespace Hangar.Core.Security;

/// <summary>Limits for text that comes from clients and is stored beside audit entries.</summary>
public static class ClientText
{
    public static string? Clip(string? value, int max = 64) =>
        value is null ? null : value.Length <= max ? value : value[..max];
}
