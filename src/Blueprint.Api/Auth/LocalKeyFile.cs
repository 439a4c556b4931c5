using System.Security.Cryptography;
using Blueprint.Api.Hosting;

namespace Blueprint.Api.Auth;

/// <summary>
/// The local signing key file: whoever reads it can mint an administrator's token, so it is made readable by its owner
/// only (0600, in a folder made 0700), and a key file that others can read stops the server unless
/// <c>Auth:AllowSharedKeyFile</c> says a platform manages it.
/// </summary>
public static class LocalKeyFile
{
    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Create(string path)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, key);
            return;
        }
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // Created with its final permissions: there is no moment at which another user could open it.
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(key);
    }

    public static void RefuseShared(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & Shared) != 0)
        {
            throw new SettingException(
                $"Auth:SigningKeyFile {path} can be read by other users: run 'chmod 600 {path}' (or set Auth:AllowSharedKeyFile=true for a read-only secret your platform mounts).");
        }
    }
}
