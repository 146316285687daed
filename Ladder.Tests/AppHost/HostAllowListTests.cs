namespace Ladder.Tests.AppHost;

/// <summary>
/// The AppHost's half of the DNS-rebinding and development-token fixes: every service is told which Host names to
/// answer, loopback ones for a local run unless <c>Ladder:AllowedHosts</c> says otherwise, and only the chat nodes
/// of a local run get development tokens.
/// </summary>
public sealed class HostAllowListTests
{
    private static readonly string[] Services = ["chat-1", "chat-2", "archiver", "admin"];

    [Fact]
    public async Task ALocalRunAllowsLoopbackNamesAndGivesTheChatNodesDevelopmentTokens()
    {
        var environments = await EnvironmentsAsync([]);

        foreach (var service in Services)
        {
            Assert.Equal("localhost;127.0.0.1;[::1]", environments[service]["AllowedHosts"]);
        }

        Assert.Equal("true", environments["chat-1"]["Chat__DevTokens"]);
        Assert.Equal("true", environments["chat-2"]["Chat__DevTokens"]);
        Assert.False(environments["archiver"].ContainsKey("Chat__DevTokens"));
        Assert.False(environments["admin"].ContainsKey("Chat__DevTokens"));
    }

    [Fact]
    public async Task ConfiguredHostsReplaceTheLoopbackNamesAndDevelopmentTokensCanBeTurnedOff()
    {
        var environments = await EnvironmentsAsync(["--Ladder:AllowedHosts=chat.example.com;admin.example.com", "--Ladder:Chat:DevTokens=false"]);

        foreach (var service in Services)
        {
            Assert.Equal("chat.example.com;admin.example.com", environments[service]["AllowedHosts"]);
        }

        Assert.Equal("false", environments["chat-1"]["Chat__DevTokens"]);
    }

    [Fact]
    public async Task TheChatNodesOriginListStaysTheNodesOwnPages()
    {
        var environments = await EnvironmentsAsync([]);

        var origins = environments["chat-1"].Where(variable => variable.Key.StartsWith("Chat__AllowedOrigins__", StringComparison.Ordinal)).Select(variable => variable.Value).ToList();
        Assert.Equal(4, origins.Count);
        Assert.All(origins, origin => Assert.Matches(@"^http://(127\.0\.0\.1|localhost):\d+$", origin));
    }

    private static async Task<Dictionary<string, Dictionary<string, string>>> EnvironmentsAsync(string[] settings)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ladder_AppHost>(
            ["--Ladder:BackingServices=LocalProcesses", "--Ladder:Ports:Chat1=0", "--Ladder:Ports:Chat2=0", "--Ladder:Ports:Admin=0", "--Ladder:Ports:Archiver=0", .. settings],
            (options, _) => options.DisableDashboard = true);
        var environments = new Dictionary<string, Dictionary<string, string>>();
        foreach (var service in Services)
        {
            var project = Assert.IsAssignableFrom<ProjectResource>(builder.Resources.Single(resource => resource.Name == service));
#pragma warning disable CS0618 // As in ApplicationModelTests: evaluated as published, nothing waits for a port.
            environments[service] = new Dictionary<string, string>(await project.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish));
#pragma warning restore CS0618
        }

        return environments;
    }
}
