using Ladder.Bench.Baseline;

// A bare Kestrel WebSocket broadcast server speaking the subset of Ladder's protocol v1 that the benchmark uses
// (welcome, join/joined, send/ack, message, ping/pong): the same generator measures it and Ladder, so the
// "Ladder / baseline" ratios compare servers, not load generators. No log, no persistence, one process.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSingleton<BroadcastHub>();

var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });

// The token is the user name itself: the baseline trusts everyone, it only has to look like Ladder's dev endpoint.
app.MapPost("/dev/token", async (HttpRequest request) =>
{
    using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
    var user = body.RootElement.TryGetProperty("user", out var value) ? value.GetString() ?? "anonymous" : "anonymous";
    return Results.Text($"{{\"token\":\"{user}\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}}", "application/json");
});

app.Map("/ws", async (HttpContext context, BroadcastHub hub) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    var user = context.Request.Query["access_token"].ToString();
    using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
    var connection = new BaselineConnection(socket, hub, string.IsNullOrEmpty(user) ? "anonymous" : user);
    await connection.RunAsync(context.RequestAborted);
});

app.Run();
