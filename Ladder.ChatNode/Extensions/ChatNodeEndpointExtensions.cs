using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.ServerApi;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Extensions;

internal static class ChatNodeEndpointExtensions
{
    public static WebApplication MapChatEndpoints(this WebApplication app)
    {
        // First, so that preflights are answered (not 405) and the script and every endpoint carry the headers.
        app.UseCors(ChatNodeServiceExtensions.ClientCorsPolicy);
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.Services.GetRequiredService<ChatMetrics>().RoomCount = () => app.Services.GetRequiredService<RoomRegistry>().RoomCount;

        app.MapChatWebSocket();
        app.MapChatSse();
        app.MapRoomMessages();
        app.MapFanoutDiagnostics();
        app.MapServerApi();
        // An explicit opt-in, not the environment: the AppHost's Development environment reaches every service.
        if (app.Services.GetRequiredService<IOptions<DevTokenOptions>>().Value.DevTokens)
        {
            app.MapDevToken();
        }

        return app;
    }
}
