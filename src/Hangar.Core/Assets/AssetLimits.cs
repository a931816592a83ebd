namespace Hangar.Core.Assets;

/// <summary>Bounds of assets.</summary>
public static class AssetLimits
{
    /// <summary>The largest asset content accepted on an upload URL.</summary>
    public const long MaxContentBytes = 100L * 1024 * 1024;

    /// <summary>Inline (base64 <c>data</c>) uploads, decoded; robocorp-storage sends inline below about 5 MB of base64.</summary>
    public const int MaxInlineBytes = 5_000_000;

    /// <summary>The JSON body of an inline upload: the base64 of <see cref="MaxInlineBytes"/> plus room for the other fields.</summary>
    public const long MaxInlineRequestBytes = (MaxInlineBytes + 2) / 3 * 4 + 64 * 1024;

    public const int MaxNameLength = 255;
    public const int MaxContentTypeLength = 255;
    public const string DefaultContentType = "application/octet-stream";
}
