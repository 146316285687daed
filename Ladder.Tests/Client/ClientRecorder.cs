using Ladder.Client;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.Client;

/// <summary>Everything a client surfaced, in order, with waits that poll under a timeout.</summary>
public sealed class ClientRecorder
{
    private readonly Lock _gate = new();
    private readonly List<MessageFrame> _messages = [];
    private readonly List<ConnectionStateChangedEventArgs> _states = [];
    private readonly List<ErrorFrame> _errors = [];

    public ClientRecorder(LadderClient client)
    {
        client.MessageReceived += (_, message) => { lock (_gate) { _messages.Add(message); } };
        client.StateChanged += (_, change) => { lock (_gate) { _states.Add(change); } };
        client.ErrorReceived += (_, error) => { lock (_gate) { _errors.Add(error); } };
    }

    public IReadOnlyList<MessageFrame> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    public IReadOnlyList<ConnectionStateChangedEventArgs> States
    {
        get { lock (_gate) { return [.. _states]; } }
    }

    public IReadOnlyList<ErrorFrame> Errors
    {
        get { lock (_gate) { return [.. _errors]; } }
    }

    public IReadOnlyList<MessageFrame> In(string room) => [.. Messages.Where(message => message.Room == room)];

    public Task WaitForMessagesAsync(Func<IReadOnlyList<MessageFrame>, bool> condition, TimeSpan timeout, string what) =>
        WaitAsync(() => condition(Messages), timeout, () => $"{what}; got {Messages.Count} message(s): "
            + string.Join(", ", Messages.Select(message => $"{message.Room}#{message.Seq} {message.Text}"))
            + "; errors: " + string.Join(", ", Errors.Select(error => $"{error.Code} {error.Message} ({error.Ref})")));

    public Task WaitForStateAsync(ConnectionState state, TimeSpan timeout) =>
        WaitAsync(() => States.Any(change => change.State == state), timeout,
            () => $"state {state}; saw " + string.Join(", ", States.Select(change => change.State)));

    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for " + describe());
            }

            await Task.Delay(20); // poll interval, under the deadline above
        }
    }
}
