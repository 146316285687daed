using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Ladder.ChatNode.Transport;

// Writes the same frames to M server-side WebSockets over loopback TCP, once through the node's hand-framed path
// (RFC 6455 frames built into one pooled buffer per burst, written through SharedWriteStream) and once through
// WebSocket.SendAsync per frame, alternating the variants run after run. Figures: process CPU and managed
// allocations per frame (the readers on the other end are the same for both: identical bytes), median of the runs.
//   dotnet run -c Release --project bench/Ladder.Bench.FrameWrites [-- sockets frames-per-socket runs]
var sockets = args.Length > 0 ? int.Parse(args[0]) : 200;
var framesPerSocket = args.Length > 1 ? int.Parse(args[1]) : 2_000;
var runs = args.Length > 2 ? int.Parse(args[2]) : 7;
var payload = Encoding.UTF8.GetBytes(
    """{"type":"message","room":"bench-room-1","id":"01JBENCH0000000000000000","user":"bench-user-17","text":"a chat message of about the size the fan-out scenario sends, give or take","seq":123456,"ts":"2025-01-01T00:00:00.000Z"}""");

using var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start(sockets);
var pairs = new List<Pair>();
for (var i = 0; i < sockets; i++)
{
    var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
    var server = await listener.AcceptSocketAsync();
    server.NoDelay = true;
    var stream = new SharedWriteStream(new NetworkStream(server, ownsSocket: true));
    var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    pairs.Add(new Pair(client, stream, socket));
}

Console.WriteLine($"{sockets} sockets × {framesPerSocket} frames of {payload.Length} B, {runs} runs per variant, {Environment.ProcessorCount} cores");
Console.WriteLine("| burst (frames queued per socket at once) | variant | CPU µs per frame (median) | allocated B per frame (median) | CPU runs |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var burst in new[] { 1, 8 })
{
    var figures = new Dictionary<string, List<(double Cpu, double Bytes)>> { ["hand-framed"] = [], ["SendAsync"] = [] };
    for (var run = -1; run < runs; run++)
    {
        foreach (var variant in figures.Keys)
        {
            var measured = await MeasureAsync(variant, burst);
            if (run >= 0)
            {
                // The first round of each variant only warms the JIT and the pools.
                figures[variant].Add(measured);
            }
        }
    }

    foreach (var (variant, list) in figures)
    {
        var cpu = Median(list.Select(figure => figure.Cpu));
        var bytes = Median(list.Select(figure => figure.Bytes));
        Console.WriteLine($"| {burst} | {variant} | {cpu:F2} | {bytes:F1} | {string.Join(" ", list.Select(figure => figure.Cpu.ToString("F2")))} |");
    }
}

foreach (var pair in pairs)
{
    pair.Socket.Abort();
    pair.Client.Dispose();
}

async Task<(double Cpu, double Bytes)> MeasureAsync(string variant, int burst)
{
    var frameBytes = WebSocketFraming.FrameLength(payload.Length);
    var readers = pairs.Select(pair => DrainAsync(pair.Client, (long)frameBytes * framesPerSocket)).ToArray();
    GC.Collect();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    for (var sent = 0; sent < framesPerSocket; sent += burst)
    {
        foreach (var pair in pairs)
        {
            if (variant == "SendAsync")
            {
                for (var i = 0; i < burst; i++)
                {
                    await pair.Socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
            else
            {
                var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                var length = 0;
                for (var i = 0; i < burst; i++)
                {
                    length += WebSocketFraming.WriteText(buffer.AsSpan(length), payload);
                }

                await pair.Stream.WriteAsync(buffer.AsMemory(0, length));
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    await Task.WhenAll(readers);
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    double frames = (double)sockets * framesPerSocket;
    return (cpu / frames, allocated / frames);
}

static async Task DrainAsync(Socket client, long expected)
{
    var buffer = new byte[64 * 1024];
    while (expected > 0)
    {
        expected -= await client.ReceiveAsync(buffer, SocketFlags.None);
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

internal sealed record Pair(Socket Client, SharedWriteStream Stream, WebSocket Socket);
