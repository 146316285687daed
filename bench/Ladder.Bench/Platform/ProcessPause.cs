using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ladder.Bench.Platform;

/// <summary>
/// A process stopped with SIGSTOP until <see cref="Resume"/> or <see cref="Dispose"/> sends SIGCONT. The generator
/// being terminated (SIGTERM, SIGHUP, SIGQUIT; Ctrl+C cancels the run, which disposes this) resumes it too: a
/// benchmark must never leave a platform process frozen.
/// </summary>
public sealed class ProcessPause : IDisposable
{
    // Linux signal numbers (x86-64 and arm64 alike).
    private const int SigCont = 18;
    private const int SigStop = 19;

    private readonly int pid;
    private readonly long stoppedAt;
    private readonly PosixSignalRegistration[] onTermination;
    private int resumed;

    private ProcessPause(int pid)
    {
        this.pid = pid;
        // Registered before stopping it. The handlers leave the signal's default action (exit) in place; ProcessExit
        // did not resume it on SIGTERM (tried), so it cannot do this.
        onTermination = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => Resume()))];
        Signal(pid, SigStop);
        stoppedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>How long the process was (or has been) stopped.</summary>
    public TimeSpan Paused { get; private set; }

    public static ProcessPause Stop(int pid) => new(pid);

    /// <summary>Sends SIGCONT once; later calls do nothing.</summary>
    public void Resume()
    {
        if (Interlocked.Exchange(ref resumed, 1) == 0)
        {
            Signal(pid, SigCont);
            Paused = Stopwatch.GetElapsedTime(stoppedAt);
            foreach (var registration in onTermination)
            {
                registration.Dispose();
            }
        }
    }

    public void Dispose() => Resume();

    private static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"kill({pid}, {signal}) failed");
        }
    }

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, and two ints need no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
