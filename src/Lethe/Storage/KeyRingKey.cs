using System.Security.Cryptography;

namespace Lethe.Storage;

/// <summary>
/// The key that encrypts the data-protection key ring before it is stored in Lethe's database. The ring's keys protect
/// queued e-mails, webhook secrets and the links in newsletter mails; kept beside them in plain text, a copy of the
/// database alone would open all of those. This key lives in a file instead (<c>keys/key-ring.key</c> in the data
/// directory, or <c>Lethe:KeyFile</c>), readable by Lethe's user only: back it up apart from the database, and give
/// every server of one database the same file.
/// </summary>
public sealed class KeyRingKey
{
    public const string Setting = "Lethe:KeyFile";
    private const int KeyBytes = 32;
    private readonly Lazy<(byte[] Key, string Fingerprint)> _key;

    public KeyRingKey(string path)
    {
        Path = path;
        _key = new Lazy<(byte[], string)>(() => LoadOrCreate(path));
    }

    public string Path { get; }

    /// <summary>The key itself; read (or made, the first time) on first use.</summary>
    internal byte[] Value => _key.Value.Key;

    /// <summary>A short public name for the key (from its SHA-256), so an encrypted key ring can say which key it needs.</summary>
    public string Fingerprint => _key.Value.Fingerprint;

    public static string DefaultPath(string dataDirectory) => System.IO.Path.Combine(dataDirectory, "keys", "key-ring.key");

    private static (byte[], string) LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Create(path);
        }

        var key = new byte[KeyBytes];
        if (!Convert.TryFromBase64String(File.ReadAllText(path).Trim(), key, out var length) || length != KeyBytes)
        {
            throw new InvalidOperationException($"The key file {path} ({Setting}) is not a key Lethe made: it should hold {KeyBytes} bytes in Base64.");
        }

        return (key, Convert.ToHexStringLower(SHA256.HashData(key))[..16]);
    }

    private static void Create(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(new FileStream(temporary, options)))
        {
            file.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)));
        }

        try
        {
            // Two processes starting at once: the first key written is the key; the other's is thrown away.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
