using System.Net;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.AppHost;

[Collection(LadderCollection.Name)]
public sealed class PlatformStartTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task EveryResourceIsHealthy()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string[] names = ["nats", "redis", "ladder", "rabbitmq", .. LadderAppFixture.ServiceNames];

        foreach (var name in names)
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
    }

    [Theory]
    [InlineData("chat-1")]
    [InlineData("chat-2")]
    [InlineData("archiver")]
    [InlineData("admin")]
    public async Task ServiceAnswersHealthy(string service)
    {
        using var client = fixture.CreateHttpClient(service);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServicesGetTheBackingServicesConnectionStrings()
    {
        foreach (var name in new[] { "nats", "redis", "ladder", "rabbitmq" })
        {
            var connectionString = await fixture.App.GetConnectionStringAsync(name);
            Assert.False(string.IsNullOrWhiteSpace(connectionString), name);
        }
    }
}
