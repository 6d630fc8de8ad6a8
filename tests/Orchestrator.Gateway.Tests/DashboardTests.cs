using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Orchestrator.Gateway.Tests;

/// <summary>The Orleans dashboard: off by default, behind the operator key when on (embedded mode serves it here).</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly GatewayFactory _on = new GatewayFactory().With("Dashboard:Enabled", "true");
    private readonly GatewayFactory _off = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _on.DisposeAsync();
        await _off.DisposeAsync();
    }

    [Fact]
    public async Task IsNotServedByDefault()
    {
        var response = await _off.CreateClient().GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WhenOnItAsksForTheOperatorKeyAndOpensWithItAsBasicPassword()
    {
        var anonymous = _on.CreateAnonymousClient();

        var refused = await anonymous.GetAsync("/dashboard/");
        var wrong = await anonymous.SendAsync(Basic("/dashboard/", "not-the-key"));
        var opened = await anonymous.SendAsync(Basic("/dashboard/", GatewayFactory.OperatorKey));
        var withHeader = await _on.CreateClient().GetAsync("/dashboard/index.min.js");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Basic", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("Orleans Dashboard", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withHeader.StatusCode);
    }

    private static HttpRequestMessage Basic(string path, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + password)));
        return request;
    }
}
