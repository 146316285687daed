using System.Runtime.InteropServices;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// The process's limit of open files, which bounds a node's connections (one socket each). At start the soft limit is
/// raised to the hard one: a node must not refuse sockets at 1,024 on a machine whose administrator allows a million.
/// (The .NET runtime does the same on Linux today; the node does not rely on it.) Linux only; elsewhere nothing changes.
/// </summary>
internal sealed record OpenFileLimit(ulong SoftBefore, ulong Soft, ulong Hard, string? Failure)
{
    // RLIMIT_NOFILE on every Linux architecture .NET runs on (x64, arm64, arm).
    private const int ResourceOpenFiles = 7;

    public static OpenFileLimit RaiseToHard()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new OpenFileLimit(0, 0, 0, "not Linux: left as it is");
        }

        if (GetRLimit(ResourceOpenFiles, out var limit) != 0)
        {
            return new OpenFileLimit(0, 0, 0, $"getrlimit failed, errno {Marshal.GetLastPInvokeError()}");
        }

        var before = limit.Current;
        if (limit.Current >= limit.Maximum)
        {
            return new OpenFileLimit(before, limit.Current, limit.Maximum, null);
        }

        var raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
        return SetRLimit(ResourceOpenFiles, ref raised) == 0
            ? new OpenFileLimit(before, raised.Current, raised.Maximum, null)
            : new OpenFileLimit(before, before, limit.Maximum, $"setrlimit failed, errno {Marshal.GetLastPInvokeError()}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the project for two calls at start.
    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);
#pragma warning restore SYSLIB1054
}
