namespace Ladder.AppHost;

internal static class ResourceBuilderExtensions
{
    /// <summary>Widens a builder to what the services reference: a connection string they can wait for.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);

    /// <summary>Projects added without a launch profile would run as Production; they follow the AppHost instead
    /// (so <c>dotnet run</c> of the AppHost gives Development, with its development token endpoint).</summary>
    public static IResourceBuilder<ProjectResource> WithHostEnvironment(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.ApplicationBuilder.Environment.EnvironmentName);
}
