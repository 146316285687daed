using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ladder.Tests.AppHost;

/// <summary>
/// Both ways of running the backing services describe the same platform: the same resource names (so the same
/// connection-string names) and the same references and start order. Containers cannot run on this machine, so
/// the container path is checked as a model without being started.
/// </summary>
public sealed class ApplicationModelTests
{
    private static readonly string[] FreePorts =
        ["--Ladder:Ports:Chat1=0", "--Ladder:Ports:Chat2=0", "--Ladder:Ports:Admin=0", "--Ladder:Ports:Archiver=0"];

    [Theory]
    [InlineData("Containers")]
    [InlineData("LocalProcesses")]
    public async Task EitherPathGivesTheServicesTheSameNamedConnectionStringsAndStartOrder(string mode)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ladder_AppHost>(
            [$"--Ladder:BackingServices={mode}", $"--Ladder:DataDirectory={Path.Combine(Path.GetTempPath(), "ladder-model-test")}", .. FreePorts],
            (options, _) => options.DisableDashboard = true);
        var resources = builder.Resources.ToDictionary(resource => resource.Name);

        foreach (var name in new[] { "nats", "redis", "ladder", "rabbitmq" })
        {
            Assert.IsAssignableFrom<IResourceWithConnectionString>(resources[name]);
        }

        Assert.Equal(mode == "Containers", resources["nats-1"] is ContainerResource);
        Assert.Equal(mode == "Containers", resources["redis"] is ContainerResource);
        Assert.Equal(mode == "Containers", resources.ContainsKey("postgres") && resources["postgres"] is ContainerResource);
        Assert.Equal(mode == "LocalProcesses", resources.ContainsKey("rabbitmq-epmd"));

        var expected = new Dictionary<string, string[]>
        {
            ["chat-1"] = ["nats", "redis", "ladder", "rabbitmq"],
            ["chat-2"] = ["nats", "redis", "ladder", "rabbitmq"],
            ["archiver"] = ["nats", "rabbitmq", "ladder"],
            ["admin"] = ["nats", "redis", "rabbitmq", "ladder"],
        };
        foreach (var (service, dependencies) in expected)
        {
            var waitsFor = resources[service].Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name).ToHashSet();
            Assert.Superset(dependencies.ToHashSet(), waitsFor);
        }
    }

    [Fact]
    public async Task TheNatsContainerRunsJetStreamWithItsMonitorForHealth()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ladder_AppHost>(
            ["--Ladder:BackingServices=Containers", .. FreePorts], (options, _) => options.DisableDashboard = true);
        var nats = Assert.IsAssignableFrom<ContainerResource>(builder.Resources.Single(resource => resource.Name == "nats-1"));

        var image = nats.Annotations.OfType<ContainerImageAnnotation>().Single();
        var arguments = new List<object>();
        foreach (var callback in nats.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(arguments));
        }

        Assert.Equal("library/nats", image.Image);
        Assert.Contains("-js", arguments.Select(argument => argument.ToString()));
        Assert.Contains(nats.Annotations.OfType<EndpointAnnotation>(), endpoint => endpoint.Name == "monitor" && endpoint.TargetPort == 8222);
        // Its health is the monitor's JetStream probe: a check registered under the annotation's key, on that endpoint.
        var health = Assert.Single(nats.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Contains("monitor", health.Key, StringComparison.Ordinal);
        Assert.Contains("js-enabled-only", health.Key, StringComparison.Ordinal);
        var registrations = builder.Services.BuildServiceProvider().GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Contains(registrations, registration => registration.Name == health.Key);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("0.01", "0.01")]
    public async Task TheTraceSampleRatioReachesEveryServiceAndStaysAtEveryTraceByDefault(string? ratio, string? expected)
    {
        string[] args = ratio is null ? FreePorts : [.. FreePorts, $"--Ladder:Telemetry:TraceSampleRatio={ratio}"];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ladder_AppHost>(
            ["--Ladder:BackingServices=LocalProcesses", .. args], (options, _) => options.DisableDashboard = true);

        foreach (var service in new[] { "chat-1", "chat-2", "archiver", "admin" })
        {
            var project = Assert.IsAssignableFrom<ProjectResource>(builder.Resources.Single(resource => resource.Name == service));
#pragma warning disable CS0618 // Its replacement, ExecutionConfigurationBuilder, resolves against a started application;
            // as published, values are expressions and nothing waits for a port or a parameter.
            var environment = await project.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
            Assert.Equal(expected, environment.GetValueOrDefault("OTEL_TRACES_SAMPLER_ARG"));
            if (expected is not null)
            {
                Assert.Equal("parentbased_traceidratio", environment["OTEL_TRACES_SAMPLER"]);
            }
        }
    }

    [Fact]
    public async Task ARatioOutsideZeroToOneStopsTheAppHostWithTheSettingsName()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ladder_AppHost>(
                ["--Ladder:BackingServices=LocalProcesses", .. FreePorts, "--Ladder:Telemetry:TraceSampleRatio=1.5"],
                (options, _) => options.DisableDashboard = true);
        });
        Assert.Contains("Ladder:Telemetry:TraceSampleRatio", failure.ToString(), StringComparison.Ordinal);
    }
}
