using System.Threading.Channels;
using Ladder.Client.Internal;
using Ladder.Contracts.Wire;

namespace Ladder.Client;

public sealed partial class LadderClient
{
    private static readonly HashSet<Type> AsyncEventTypes =
    [
        typeof(MessageFrame), typeof(DeletedFrame), typeof(PresenceFrame), typeof(TypingFrame), typeof(JoinedFrame),
        typeof(SyncedFrame), typeof(TruncatedFrame), typeof(ErrorFrame), typeof(ConnectionStateChangedEventArgs),
    ];

    private readonly Channel<Func<Task>> _handlerQueue = Channel.CreateUnbounded<Func<Task>>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Task _handlerLoop;
    private Dictionary<Type, Delegate[]> _asyncHandlers = [];
    private int _queuedHandlers;
    private TaskCompletionSource? _handlerRoom;

    /// <summary>Subscribes an asynchronous handler to one kind of event: <see cref="MessageFrame"/>,
    /// <see cref="DeletedFrame"/>, <see cref="PresenceFrame"/>, <see cref="TypingFrame"/>, <see cref="JoinedFrame"/>,
    /// <see cref="SyncedFrame"/>, <see cref="TruncatedFrame"/>, <see cref="ErrorFrame"/> or
    /// <see cref="ConnectionStateChangedEventArgs"/>. Handlers run one at a time, in the server's order, off the
    /// receive loop; each task is awaited, and its exception goes to <see cref="LadderClientOptions.OnHandlerException"/>
    /// and the logger instead of the process (an <c>async</c> lambda on a .NET event is <c>async void</c>, and its
    /// exception would end the process). Dispose the result to unsubscribe.</summary>
    public IDisposable On<T>(Func<T, Task> handler)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!AsyncEventTypes.Contains(typeof(T)))
        {
            throw new ArgumentException($"{typeof(T).Name} is not an event of the client.", nameof(handler));
        }

        lock (_gate)
        {
            var handlers = new Dictionary<Type, Delegate[]>(_asyncHandlers);
            handlers[typeof(T)] = [.. handlers.GetValueOrDefault(typeof(T)) ?? [], handler];
            _asyncHandlers = handlers;
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                var handlers = new Dictionary<Type, Delegate[]>(_asyncHandlers);
                if (handlers.TryGetValue(typeof(T), out var current))
                {
                    handlers[typeof(T)] = [.. current.Where(existing => !ReferenceEquals(existing, handler))];
                    _asyncHandlers = handlers;
                }
            }
        });
    }

    private void QueueAsyncHandlers<T>(T args)
        where T : class
    {
        if (!Volatile.Read(ref _asyncHandlers).TryGetValue(typeof(T), out var handlers) || handlers.Length == 0)
        {
            return;
        }

        foreach (var handler in handlers)
        {
            Interlocked.Increment(ref _queuedHandlers);
            if (!_handlerQueue.Writer.TryWrite(() => ((Func<T, Task>)handler)(args)))
            {
                // Disposed: nobody listens any more.
                Interlocked.Decrement(ref _queuedHandlers);
            }
        }
    }

    private async Task RunHandlersAsync()
    {
        await foreach (var invoke in _handlerQueue.Reader.ReadAllAsync())
        {
            try
            {
                await invoke();
            }
            catch (Exception exception)
            {
                ReportHandlerFailure(exception);
            }

            if (Interlocked.Decrement(ref _queuedHandlers) < _options.HandlerQueueCapacity)
            {
                Interlocked.Exchange(ref _handlerRoom, null)?.TrySetResult();
            }
        }
    }

    /// <summary>Backpressure: the receive loop reads the next frame only when the handlers have room for it.</summary>
    private async ValueTask WaitForHandlerRoomAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _queuedHandlers) >= _options.HandlerQueueCapacity)
        {
            var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _handlerRoom, room);
            // Checked again: the handlers may have caught up before the signal was in place.
            if (Volatile.Read(ref _queuedHandlers) < _options.HandlerQueueCapacity)
            {
                return;
            }

            await room.Task.WaitAsync(cancellationToken);
        }
    }
}
