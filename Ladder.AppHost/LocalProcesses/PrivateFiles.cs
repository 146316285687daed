namespace Ladder.AppHost.LocalProcesses;

/// <summary>
/// Files and directories only their owner may read: the backing services' configuration carries passwords, and any
/// other local user must not be able to read them (a world-readable <c>rabbitmq.conf</c> was a review finding).
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory owner-only, or narrows an existing one (left by a run before this rule).</summary>
    public static string CreateDirectory(string path)
    {
        // Local processes come from Debian's packages; Windows has no such modes (nor these services).
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
        return path;
    }

    /// <summary>Writes the file owner-only. The mode is set before the content, so the password is never readable by
    /// others, not even for the moment between writing and a later chmod.</summary>
    public static void Write(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, content);
            return;
        }

        if (File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = System.IO.FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = FileMode,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
