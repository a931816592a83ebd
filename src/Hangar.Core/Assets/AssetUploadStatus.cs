namespace Hangar.Core.Assets;

public enum AssetUploadStatus
{
    Pending,
    Completed,
    Failed,
}
