using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Worker;

/// <summary>What <c>hangar worker link</c> stores: where the server is and the worker's credential (a secret: file mode 0600).</summary>
public sealed record WorkerConfig(
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("workspace_id")] string WorkspaceId,
    [property: JsonPropertyName("credential")] string Credential)
{
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "hangar", "worker.json");

    public static async Task<WorkerConfig?> LoadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<WorkerConfig>(stream, cancellationToken: ct);
    }

    /// <summary>Writes the file readable by its owner only, replacing it whole (a half-written credential is never left).</summary>
    public async Task SaveAsync(string path, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, options))
        {
            await JsonSerializer.SerializeAsync(stream, this, cancellationToken: ct);
        }

        File.Move(temp, path, overwrite: true);
    }
}
