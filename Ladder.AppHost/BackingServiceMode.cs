namespace Ladder.AppHost;

internal enum BackingServiceMode
{
    /// <summary>Containers where a container engine answers, local processes otherwise.</summary>
    Auto,
    Containers,
    LocalProcesses,
}
