using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Rooms;

namespace Ladder.ChatNode.Extensions;

internal static class ChatNodeEndpointExtensions
{
    public static WebApplication MapChatEndpoints(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.Services.GetRequiredService<ChatMetrics>().RoomCount = () => app.Services.GetRequiredService<RoomRegistry>().RoomCount;

        app.MapChatWebSocket();
        app.MapChatSse();
        app.MapRoomMessages();
        app.MapFanoutDiagnostics();
        if (app.Environment.IsDevelopment())
        {
            app.MapDevToken();
        }

        return app;
    }
}
