using Ladder.ChatNode.Access;
using Ladder.ChatNode.Configuration;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Extensions;

internal static class JoinHookServiceExtensions
{
    /// <summary>The join hook's options and its named <see cref="HttpClient"/>.</summary>
    public static IHostApplicationBuilder AddJoinHook(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JoinHookOptions>().BindConfiguration(JoinHookOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<ChatOptions>>(
                (hook, chat) => hook.Secret.Length >= 16 || !chat.Value.Namespaces.Values.Any(policy => policy.Join == JoinRule.Hook),
                "Chat:JoinHook:Secret (16+ chars) is required when a namespace has Join=Hook")
            .ValidateOnStart();
        // The defaults' standard resilience handler retries and waits up to 30 s: the hook has its own timeout, after
        // which the user is refused, and a retry of a refused join is the client's to make. Removing it is the
        // documented way, still marked experimental.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(JoinHook.ClientName)
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = provider.GetRequiredService<IOptions<JoinHookOptions>>().Value.MaxConnections,
                // A redirect would carry the secret header to wherever it points.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                UseCookies = false,
            })
            .ConfigureHttpClient(client =>
            {
                client.MaxResponseContentBufferSize = 64 * 1024;
                client.Timeout = Timeout.InfiniteTimeSpan;
            });
        return builder;
    }
}
