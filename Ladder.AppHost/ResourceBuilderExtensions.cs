namespace Ladder.AppHost;

internal static class ResourceBuilderExtensions
{
    /// <summary>Widens a builder to what the services reference: a connection string they can wait for.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);

    /// <summary>Projects added without a launch profile would run as Production; they follow the AppHost instead
    /// (so <c>dotnet run</c> of the AppHost gives Development). Development alone turns on nothing that lets a
    /// caller in: development tokens need <c>Chat:DevTokens</c>, which only the AppHost's own run sets.</summary>
    public static IResourceBuilder<ProjectResource> WithHostEnvironment(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.ApplicationBuilder.Environment.EnvironmentName);

    /// <summary>Restricts the <c>Host</c> names the service answers (see <see cref="AllowedHostList"/>).</summary>
    public static IResourceBuilder<ProjectResource> WithAllowedHosts(this IResourceBuilder<ProjectResource> builder, ReferenceExpression allowedHosts) =>
        builder.WithEnvironment("AllowedHosts", allowedHosts);
}
