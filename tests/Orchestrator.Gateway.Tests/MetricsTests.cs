using System.Net;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>Orleans' trace propagation rides on grain-call filters, which only an exported trace pays for.</summary>
public sealed class TracePropagationTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("http://127.0.0.1:4317", 1)]
    public async Task GrainCallsCarryTracePropagationOnlyWhenTracesAreExported(string? otlpEndpoint, int filters)
    {
        await using var gateway = new GatewayFactory().With("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
        var client = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync("gecelik fiyatı ne kadar?", "trace-user")).StatusCode);

        var services = gateway.Services;
        Assert.Equal(filters, services.GetServices<Orleans.IIncomingGrainCallFilter>().Count(f => f.GetType().Name.StartsWith("ActivityPropagation", StringComparison.Ordinal)));
        Assert.Equal(filters, services.GetServices<Orleans.IOutgoingGrainCallFilter>().Count(f => f.GetType().Name.StartsWith("ActivityPropagation", StringComparison.Ordinal)));
    }
}
