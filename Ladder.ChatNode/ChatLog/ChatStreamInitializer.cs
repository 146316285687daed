using Ladder.Contracts.Log;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ladder.ChatNode.ChatLog;

/// <summary>Creates the chat log stream at start, or updates its limits to the configured ones.</summary>
/// <remarks>The stream republishes every stored entry to the room's live subject (<see cref="NatsSubjects.LivePrefix"/>),
/// which is how a node reads only its own rooms (see <see cref="Fanout.LogFanout"/>). nats-server 2.9 cannot add
/// RePublish to an existing stream: a log created by an older Ladder is refused with one clear line.</remarks>
internal sealed partial class ChatStreamInitializer(INatsJSContext jetStream, IOptions<ChatLogOptions> options, ILogger<ChatStreamInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var config = new StreamConfig(NatsSubjects.ChatStream, [NatsSubjects.AllRooms])
        {
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.Old,
            MaxAge = limits.MaxAge,
            MaxMsgsPerSubject = limits.MaxMessagesPerRoom,
            DuplicateWindow = limits.DuplicateWindow,
            NumReplicas = limits.Replicas,
            AllowDirect = true,
            Republish = new Republish { Src = NatsSubjects.RepublishSource, Dest = NatsSubjects.RepublishDestination },
        };

        // Nodes start together (the losers of a create race update to the same config), and NATS may still be
        // coming up on a loaded machine: retry for about a minute before failing the start.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stream = await jetStream.CreateOrUpdateStreamAsync(config, cancellationToken);
                LogStreamReady(stream.Info.Config.Name!, stream.Info.State.LastSeq, stream.Info.Config.NumReplicas,
                    stream.Info.Cluster?.Leader ?? "standalone");
                return;
            }
            catch (NatsJSApiException exception) when (exception.Error.ErrCode == CannotChangeConfig
                && exception.Error.Description?.Contains("RePublish", StringComparison.OrdinalIgnoreCase) == true)
            {
                throw new InvalidOperationException(
                    $"The chat log stream {NatsSubjects.ChatStream} was created by an older Ladder without RePublish, which this NATS server cannot add to an existing stream: "
                    + "remove the NATS store under Ladder:DataDirectory (the archive in PostgreSQL keeps the history) and start again.", exception);
            }
            catch (NatsException exception) when (attempt < 30)
            {
                LogStreamRetry(exception is NatsJSApiException api ? api.Error.Description ?? api.Message : exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 2000)), cancellationToken);
            }
        }
    }

    /// <summary>JetStream's "invalid stream configuration" (JSStreamInvalidConfigF), what a refused update answers.</summary>
    private const int CannotChangeConfig = 10052;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat log stream {Stream} ready at seq {LastSeq} with {Replicas} replicas, leader {Leader}")]
    private partial void LogStreamReady(string stream, ulong lastSeq, int replicas, string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat log stream setup failed, retrying: {Reason}")]
    private partial void LogStreamRetry(string reason);
}
