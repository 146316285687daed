using Microsoft.Extensions.DependencyInjection;

namespace Ladder.Tests.AppHost;

/// <summary>
/// Every secret reaches the services and backing services through a secret parameter, in both backing-service
/// modes: never as a literal in an environment value or on a command line (readable by every local user in /proc),
/// and every credential-carrying value (the connection strings, the signing key, the first admin password) does
/// carry one. The model is built, not started: the environment and arguments are read as the orchestrator would
/// read them, with each secret parameter given a known value to look for.
/// </summary>
public sealed class SecretFlowTests
{
    private const string Hidden = "‹secret›";

    /// <summary>The platform's secrets, all generated on first run and kept in the AppHost's user secrets.</summary>
    private static readonly string[] SecretParameters =
        ["token-signing-key", "admin-password", "dashboard-api-key", "nats-password", "redis-password", "postgres-password", "rabbitmq-password"];

    [Theory]
    [InlineData("Containers")]
    [InlineData("LocalProcesses")]
    public async Task EverySecretReachesItsUsersOnlyThroughASecretParameter(string mode)
    {
        var known = SecretParameters.ToDictionary(name => name, name => $"Known{name.Replace("-", "", StringComparison.Ordinal)}Value7q");
        string[] arguments =
        [
            $"--Ladder:BackingServices={mode}",
            $"--Ladder:DataDirectory={Path.Combine(Path.GetTempPath(), "ladder-secret-flow-test")}",
            "--Ladder:Ports:Chat1=0", "--Ladder:Ports:Chat2=0", "--Ladder:Ports:Admin=0", "--Ladder:Ports:Archiver=0",
            .. known.Select(secret => $"--Parameters:{secret.Key}={secret.Value}"),
        ];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ladder_AppHost>(
            arguments, (options, _) => options.DisableDashboard = true);
        await using var app = await builder.BuildAsync();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var execution = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();

        var secrets = model.Resources.OfType<ParameterResource>().Where(parameter => parameter.Secret).Select(parameter => parameter.Name).ToHashSet();
        foreach (var resource in model.Resources)
        {
            var environment = new Dictionary<string, object>();
            foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(new EnvironmentCallbackContext(execution, resource, environment));
            }

            var commandLine = new List<object>();
            foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            {
                await callback.Callback(new CommandLineArgsCallbackContext(commandLine, resource));
            }

            var rendered = new Dictionary<string, string>();
            foreach (var (name, value) in environment)
            {
                rendered[name] = await RenderAsync(value, secrets);
            }

            for (var i = 0; i < commandLine.Count; i++)
            {
                rendered[$"argument {i}"] = await RenderAsync(commandLine[i], secrets);
            }

            foreach (var (name, value) in rendered)
            {
                foreach (var (secret, secretValue) in known)
                {
                    Assert.False(value.Contains(secretValue, StringComparison.Ordinal), $"{resource.Name}: {name} holds {secret} in clear");
                }
            }

            if (resource is ProjectResource)
            {
                var credentials = rendered.Where(variable => variable.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(credentials);
                foreach (var (name, value) in credentials)
                {
                    Assert.True(value.Contains(Hidden, StringComparison.Ordinal), $"{resource.Name}: {name} carries no credentials");
                }
            }
        }

        // Aspire's own container integrations keep their generated passwords out of the model's resource list; they
        // are found through the connection strings that use them.
        Assert.Equal(SecretParameters.Order(), secrets.Order());
        Assert.Contains(Hidden, await EnvironmentValueAsync(model, execution, "chat-1", "Auth__SigningKey"));
        Assert.Contains(Hidden, await EnvironmentValueAsync(model, execution, "admin", "Admin__InitialPassword"));
        // The tests run without a dashboard: the console is told so rather than given a key for none.
        Assert.Equal("false", await EnvironmentValueAsync(model, execution, "admin", "Admin__DashboardEnabled"));
    }

    private static async Task<string> EnvironmentValueAsync(DistributedApplicationModel model, DistributedApplicationExecutionContext execution, string resourceName, string variable)
    {
        var resource = model.Resources.Single(candidate => candidate.Name == resourceName);
        var environment = new Dictionary<string, object>();
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(new EnvironmentCallbackContext(execution, resource, environment));
        }

        return await RenderAsync(environment[variable], []);
    }

    /// <summary>What a value would put in the process's environment, with a secret parameter's value hidden: any
    /// secret left visible got there some other way.</summary>
    private static async Task<string> RenderAsync(object? value, HashSet<string> secretsSeen)
    {
        switch (value)
        {
            case null:
                return "";
            case string text:
                return text;
            case ParameterResource { Secret: true } secret:
                secretsSeen.Add(secret.Name);
                return Hidden;
            case ParameterResource parameter:
                return await parameter.GetValueAsync(CancellationToken.None) ?? "";
            case ConnectionStringReference reference:
                return await RenderAsync(reference.Resource.ConnectionStringExpression, secretsSeen);
            case IResourceWithConnectionString resource:
                return await RenderAsync(resource.ConnectionStringExpression, secretsSeen);
            case ReferenceExpression expression:
                var parts = new List<string> { expression.Format };
                foreach (var provider in expression.ValueProviders)
                {
                    parts.Add(await RenderAsync(provider, secretsSeen));
                }

                return string.Join(" | ", parts);
            case EndpointReference or EndpointReferenceExpression:
                return "‹endpoint›";
            case IValueWithReferences references:
                var referenced = new List<string>();
                foreach (var reference in references.References)
                {
                    referenced.Add(await RenderAsync(reference, secretsSeen));
                }

                return string.Join(" | ", referenced);
            default:
                return value.ToString() ?? "";
        }
    }
}
