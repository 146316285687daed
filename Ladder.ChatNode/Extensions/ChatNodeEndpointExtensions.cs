using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Rooms;

namespace Ladder.ChatNode.Extensions;

internal static class ChatNodeEndpointExtensions
{
    public static WebApplication MapChatEndpoints(this WebApplication app)
    {
        // Pings keep idle connections alive through proxies; the protocol's own ping is the client's business.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.Services.GetRequiredService<ChatMetrics>().RoomCount = () => app.Services.GetRequiredService<RoomRegistry>().RoomCount;

        app.MapChatWebSocket();
        app.MapChatSse();
        app.MapRoomMessages();
        if (app.Environment.IsDevelopment())
        {
            app.MapDevToken();
        }

        return app;
    }
}
