using Ladder.Contracts.Log;
using NATS.Client.JetStream;
using Npgsql;
using RabbitMQ.Client;

namespace Ladder.Tests.Archiver;

/// <summary>Looks at the archive from outside: rows in PostgreSQL, the recorded progress, error queues.</summary>
public static class ArchiveProbe
{
    public static async Task<ulong[]> SeqsAsync(NpgsqlDataSource database, string room, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT seq FROM messages WHERE room = $1 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = room });
        var seqs = new List<ulong>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seqs.Add((ulong)reader.GetInt64(0));
        }

        return [.. seqs];
    }

    /// <summary>Waits until the room has at least <paramref name="count"/> archived rows; returns their seqs.</summary>
    public static async Task<ulong[]> WaitForRowsAsync(NpgsqlDataSource database, string room, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var seqs = await SeqsAsync(database, room, cancellationToken);
                if (seqs.Length >= count)
                {
                    return seqs;
                }
            }
            catch (Exception exception) when (exception is NpgsqlException && !cancellationToken.IsCancellationRequested)
            {
                // PostgreSQL restarting, or the schema not there yet.
            }

            await Task.Delay(250, cancellationToken); // poll interval, under the caller's token
        }
    }

    /// <summary>Waits until the archiver has measured the stream at or past <paramref name="lastSeq"/> with no lag.</summary>
    public static async Task WaitForNoLagAsync(NpgsqlDataSource database, ulong lastSeq, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await using var command = database.CreateCommand(
                    "SELECT archived_seq, stream_last_seq FROM archive_progress WHERE stream = 'CHAT'");
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken)
                    && reader.GetInt64(1) >= (long)lastSeq
                    && reader.GetInt64(0) == reader.GetInt64(1))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is NpgsqlException && !cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellationToken); // poll interval, under the caller's token
        }
    }

    /// <summary>The highest seq up to which the relay has acked every entry to JetStream (published to RabbitMQ).</summary>
    public static async Task<ulong> RelayedThroughAsync(INatsJSContext jetStream, CancellationToken cancellationToken)
    {
        var consumer = await jetStream.GetConsumerAsync(NatsSubjects.ChatStream, "archiver", cancellationToken);
        return consumer.Info.AckFloor.StreamSeq;
    }

    public static async Task WaitForRelayedAsync(INatsJSContext jetStream, ulong seq, CancellationToken cancellationToken)
    {
        while (await RelayedThroughAsync(jetStream, cancellationToken) < seq)
        {
            await Task.Delay(250, cancellationToken); // poll interval, under the caller's token
        }
    }

    public static async Task<bool> DeletedAsync(NpgsqlDataSource database, string room, ulong seq, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT deleted FROM messages WHERE room = $1 AND seq = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = room });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)seq });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public static async Task<string?> DeadLetterReasonAsync(NpgsqlDataSource database, ulong seq, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT reason FROM archive_dead_letters WHERE seq = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)seq });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The messages waiting in a queue, body and headers as text (looked at, then handed back to the queue).</summary>
    public static async Task<IReadOnlyList<(string Body, string Headers)>> PeekQueueAsync(string connectionString, string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var messages = new List<(string, string)>();
        var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        for (var i = 0; i < declared.MessageCount; i++)
        {
            var message = await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
            if (message is null)
            {
                break;
            }

            var headers = message.BasicProperties.Headers?.Select(header => $"{header.Key}={HeaderText(header.Value)}") ?? [];
            messages.Add((System.Text.Encoding.UTF8.GetString(message.Body.Span), string.Join("\n", headers)));
        }

        // Closing the channel without acks returns every message to the queue.
        return messages;
    }

    private static string HeaderText(object? value) => value switch
    {
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        _ => value?.ToString() ?? "",
    };
}
