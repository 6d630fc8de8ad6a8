using System.Collections;
using Microsoft.Extensions.Configuration;
using Orchestrator.Silo.Hosting;

namespace Orchestrator.Grains.Tests.Silo;

public sealed class LegacyEnvironmentSettingsTests
{
    [Fact]
    public void MapsTheOriginalVariablesOntoDotNetKeys()
    {
        var map = LegacyEnvironmentSettings.Map(new Hashtable
        {
            ["API_PORT"] = "9000",
            ["CONFIDENCE_THRESHOLD"] = "0.75",
            ["LOG_LEVEL"] = "WARNING",
            ["ESCALATION_EMAIL_RECIPIENTS"] = """["a@shop.com", "b@shop.com"]""",
            ["LLM_CACHE_TTL"] = "120",
            ["GEMINI_MODEL_NAME"] = "projects/p/locations/l/endpoints/123",
            ["UNRELATED"] = "x",
        });

        Assert.Equal("9000", map["Api:Port"]);
        Assert.Equal("0.75", map["Escalation:ConfidenceThreshold"]);
        Assert.Equal("Warning", map["Logging:LogLevel:Default"]);
        Assert.Equal("a@shop.com", map["Notifications:Email:Recipients:0"]);
        Assert.Equal("b@shop.com", map["Notifications:Email:Recipients:1"]);
        Assert.Equal("00:02:00", map["Cache:LlmTtl"]);
        Assert.Equal("projects/p/locations/l/endpoints/123", map["Llm:Vertex:Model"]);
        Assert.Equal(7, map.Count);
    }

    [Theory]
    [InlineData("API_PORT", "eighty")]
    [InlineData("API_PORT", "70000")]
    [InlineData("CONFIDENCE_THRESHOLD", "1.5")]
    [InlineData("CONFIDENCE_THRESHOLD", "high")]
    [InlineData("LOG_LEVEL", "LOUD")]
    [InlineData("LLM_CACHE_TTL", "-1")]
    [InlineData("ESCALATION_EMAIL_RECIPIENTS", "support@shop.com")]
    [InlineData("ESCALATION_EMAIL_RECIPIENTS", "[\"\"]")]
    [InlineData("SLACK_WEBHOOK_URL", "not a url")]
    public void RejectsABadValueNamingTheVariable(string variable, string value)
    {
        var error = Assert.Throws<SettingsException>(() => LegacyEnvironmentSettings.Map(new Hashtable { [variable] = value }));

        Assert.Equal(variable, error.Setting);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RanksAboveAppSettingsAndBelowDotNetStyleVariables()
    {
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Port"] = "1111", ["Api:Host"] = "10.0.0.1" })
            .AddEnvironmentVariables();
        builder.AddLegacyEnvironmentVariables(new Hashtable { ["API_PORT"] = "2222", ["API_HOST"] = "0.0.0.0" });
        builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Host"] = "127.0.0.1" });

        var configuration = builder.Build();

        Assert.Equal("2222", configuration["Api:Port"]);
        Assert.Equal("127.0.0.1", configuration["Api:Host"]);
    }

    [Theory]
    [InlineData("production", "Production")]
    [InlineData("DEVELOPMENT", "Development")]
    public void ReadsTheOriginalEnvironmentName(string value, string expected) =>
        Assert.Equal(expected, LegacyEnvironmentSettings.EnvironmentName(new Hashtable { ["ENVIRONMENT"] = value }));

    [Fact]
    public void LetsTheDotNetEnvironmentVariableWin() =>
        Assert.Null(LegacyEnvironmentSettings.EnvironmentName(new Hashtable { ["ENVIRONMENT"] = "production", ["ASPNETCORE_ENVIRONMENT"] = "Staging" }));

    [Fact]
    public void TreatsAnEmptyVariableAsUnset()
    {
        var mapped = LegacyEnvironmentSettings.Map(new Hashtable { ["SLACK_WEBHOOK_URL"] = "", ["SMTP_HOST"] = "  ", ["API_PORT"] = "8001" });

        Assert.False(mapped.ContainsKey("Notifications:Slack:WebhookUrl"));
        Assert.False(mapped.ContainsKey("Notifications:Email:Host"));
        Assert.Equal("8001", mapped["Api:Port"]);
    }
}
