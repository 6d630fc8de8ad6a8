using System.Net;

namespace Orchestrator.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class MetricsTests(GatewayFactory factory)
{
    [Fact]
    public async Task PublishesPipelineHttpOrleansAndRuntimeMetricsInPrometheusFormat()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync("gecelik fiyatı ne kadar?", "metrics-user")).StatusCode);

        // The exporter caches a scrape briefly; read until the message shows up.
        string text = "";
        for (var i = 0; i < 50 && !text.Contains("orchestrator_messages", StringComparison.Ordinal); i++)
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }

        Assert.Contains("# TYPE orchestrator_messages", text, StringComparison.Ordinal);
        Assert.Contains("business_id=\"business456\"", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_", text, StringComparison.Ordinal);
        Assert.Contains("orchestrator_message_duration", text, StringComparison.Ordinal);
    }
}
