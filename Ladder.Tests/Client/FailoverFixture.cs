using System.Diagnostics;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Client;

/// <summary>A platform of its own for tests that kill a chat node, so the shared one stays whole.</summary>
public sealed class FailoverFixture : LadderAppFixture
{
    /// <summary>SIGKILLs the process serving chat node <paramref name="number"/> and waits until it is gone.</summary>
    public async Task KillChatNodeAsync(int number)
    {
        var port = ChatNode(number).Port;
        var pid = ListeningProcess.Find(port) ?? throw new InvalidOperationException($"No process listens on {port} (chat-{number}).");
        using var process = Process.GetProcessById(pid);
        Assert.Contains("Ladder.ChatNode", File.ReadAllText($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
        process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
    }
}
