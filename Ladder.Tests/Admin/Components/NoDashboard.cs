namespace Ladder.Tests.Admin.Components;

/// <summary>An HTTP handler for a deployment without a dashboard: every request fails as a refused connection would.</summary>
internal sealed class NoDashboard : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new HttpRequestException("Connection refused (no dashboard in component tests)");
}
