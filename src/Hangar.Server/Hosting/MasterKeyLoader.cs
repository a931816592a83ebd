using Hangar.Core.Security;

namespace Hangar.Server.Hosting;

/// <summary>
/// Finds the master key: <c>HANGAR_MASTER_KEY</c> when set, else the <c>master.key</c> file in the data directory,
/// which is generated on first start with mode 0600. Several nodes must share the same key.
/// </summary>
public static class MasterKeyLoader
{
    public const string FileName = "master.key";

    public static MasterKey Load(HangarServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.MasterKey))
        {
            return MasterKey.Parse(options.MasterKey);
        }

        var path = Path.Combine(options.FullDataDirectory, FileName);
        if (File.Exists(path))
        {
            return MasterKey.Parse(File.ReadAllText(path));
        }

        Directory.CreateDirectory(options.FullDataDirectory);
        var key = MasterKey.Generate();
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(key.ToBase64());
        }

        return key;
    }
}
