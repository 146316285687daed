using Ladder.ChatNode.ServerApi;
using Microsoft.OpenApi;

namespace Ladder.ChatNode.Extensions;

internal static class ServerApiServiceExtensions
{
    /// <summary>The server API's services and its OpenAPI document (only the <c>/api/v1/</c> endpoints).</summary>
    public static IHostApplicationBuilder AddServerApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerApiOptions>().BindConfiguration(ServerApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyVerifier>();
        builder.Services.AddSingleton<ServerApiRateLimiter>();
        builder.Services.AddSingleton<ServerApiAudit>();
        builder.Services.AddSingleton<ServerApiGate>();
        builder.Services.AddSingleton<ServerBus>();
        builder.Services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Ladder server API",
                    Version = "v1",
                    Description = "For the app's backend. Every call: Authorization: Bearer lk_<id>_<secret> (an API key from the admin console), "
                        + "checked in this order: 401 unauthorized, 429 rate_limited (Retry-After), 403 forbidden (reason scope_required). "
                        + "Errors have the protocol's body {code, message, retryAfterMs?, reason?, room?}.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "lk_<id>_<secret>",
                };
                return Task.CompletedTask;
            });
        });
        return builder;
    }
}
