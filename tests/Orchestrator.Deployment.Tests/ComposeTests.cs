using System.Text.RegularExpressions;
using Orchestrator.Silo.Hosting;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Deployment.Tests;

/// <summary>docker-compose.yml and the Dockerfiles it builds agree with the code.</summary>
public sealed partial class ComposeTests
{
    private static readonly YamlMappingNode Compose = Repository.Documents("docker-compose.yml").Single();

    public static TheoryData<string> BuiltServices => [.. Services().Where(s => s.Value.At("build") is not null).Select(s => s.Key)];

    [Fact]
    public void RunsPostgresRedisTwoSilosAndAGatewayWithHealthChecks()
    {
        var services = Services();

        Assert.Contains("postgres", services.Keys);
        Assert.Contains("redis", services.Keys);
        Assert.Equal(2, services.Count(s => s.Value.Text("build", "dockerfile") == "silo/Dockerfile"));
        Assert.Single(services, s => s.Value.Text("build", "dockerfile") == "gateway/Dockerfile");
        Assert.NotNull(services["postgres"].At("healthcheck"));
        Assert.NotNull(services["redis"].At("healthcheck"));
        Assert.StartsWith("postgres:15", services["postgres"].Text("image"), StringComparison.Ordinal);
        Assert.StartsWith("redis:7", services["redis"].Text("image"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BuiltServices))]
    public void EveryBuiltServiceHasADockerfileWhoseProjectExistsAndWhoseEntryPointIsThatProject(string service)
    {
        var dockerfile = Services()[service].Text("build", "dockerfile")!;
        var text = Repository.Read(dockerfile);

        foreach (Match copy in CopyProject().Matches(text))
        {
            Assert.True(File.Exists(Repository.Path(copy.Groups["path"].Value)), $"{dockerfile} copies {copy.Groups["path"].Value}, which does not exist");
        }

        var published = PublishProject().Match(text).Groups["path"].Value;
        var assembly = System.IO.Path.GetFileNameWithoutExtension(published);
        Assert.True(File.Exists(Repository.Path(published)), $"{dockerfile} publishes {published}, which does not exist");
        Assert.Contains($"\"{assembly}.dll\"", EntryPoint().Match(text).Value, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", text, StringComparison.Ordinal);
        Assert.Contains("AS runtime", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BuiltServices))]
    public void EverySettingInTheComposeFileIsOneTheServicesRead(string service)
    {
        foreach (var (name, _) in Environment(service))
        {
            Assert.True(Settings.IsKnown(name), $"{service} sets {name}, which nothing reads");
        }
    }

    [Fact]
    public void TheGatewayPublishesThePortItListensOn()
    {
        var gateway = Environment("gateway");
        var published = Services()["gateway"].Items("ports").Select(p => ((YamlScalarNode)p).Value!).Single();

        Assert.Equal($"8000:{gateway["API_PORT"]}", published);
        Assert.Contains($"EXPOSE {gateway["API_PORT"]}", Repository.Read("gateway/Dockerfile"), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{gateway["API_PORT"]}/health/live", Repository.Read("gateway/Dockerfile"), StringComparison.Ordinal);
    }

    [Fact]
    public void SilosUseThePortsTheirImageExposesAndOneClusterIdWithTheGateway()
    {
        var silo = Environment("silo1");
        var expose = Regex.Match(Repository.Read("silo/Dockerfile"), @"EXPOSE (?<ports>[0-9 ]+)").Groups["ports"].Value.Split(' ');

        Assert.Contains(silo["ORLEANS_SILO_PORT"], expose);
        Assert.Contains(silo["ORLEANS_GATEWAY_PORT"], expose);
        Assert.Equal(silo["ORLEANS_CLUSTER_ID"], Environment("silo2")["ORLEANS_CLUSTER_ID"]);
        Assert.Equal(silo["ORLEANS_CLUSTER_ID"], Environment("gateway")["ORLEANS_CLUSTER_ID"]);
        Assert.Equal(silo["REDIS_URL"], Environment("gateway")["REDIS_URL"]);
        Assert.Equal("true", silo["Seed__Demo"]);
        Assert.Equal("false", Environment("silo2")["Seed__Demo"]);
    }

    [Fact]
    public void TheDatabaseUrlMatchesThePostgresService()
    {
        var postgres = Environment("postgres");
        var url = new Uri(Environment("silo1")["DATABASE_URL"]);

        Assert.Equal("postgres", url.Host);
        Assert.Equal($"{postgres["POSTGRES_USER"]}:{postgres["POSTGRES_PASSWORD"]}", url.UserInfo);
        Assert.Equal("/" + postgres["POSTGRES_DB"], url.AbsolutePath);
    }

    private static Dictionary<string, YamlMappingNode> Services() =>
        ((YamlMappingNode)Compose.At("services")!).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Merged((YamlMappingNode)c.Value));

    /// <summary>A service's environment after YAML merge keys (<c>&lt;&lt;: *anchor</c>).</summary>
    private static Dictionary<string, string> Environment(string service)
    {
        var environment = Services()[service].At("environment") as YamlMappingNode;
        return environment is null ? [] : Merged(environment).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "");
    }

    private static YamlMappingNode Merged(YamlMappingNode node)
    {
        var merged = new YamlMappingNode();
        if (node.Children.TryGetValue(new YamlScalarNode("<<"), out var baseNode) && baseNode is YamlMappingNode parent)
        {
            foreach (var (key, value) in Merged(parent).Children)
            {
                merged.Children[key] = value;
            }
        }

        foreach (var (key, value) in node.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
        {
            merged.Children[key] = value;
        }

        return merged;
    }

    [GeneratedRegex(@"^COPY (?<path>\S+\.csproj) ", RegexOptions.Multiline)]
    private static partial Regex CopyProject();

    [GeneratedRegex(@"dotnet publish (?<path>\S+\.csproj)")]
    private static partial Regex PublishProject();

    [GeneratedRegex(@"^ENTRYPOINT .*$", RegexOptions.Multiline)]
    private static partial Regex EntryPoint();
}

/// <summary>Which environment variables the processes read.</summary>
internal static class Settings
{
    /// <summary>Sections of .NET-style variables (<c>Section__Key</c>) that code binds.</summary>
    private static readonly HashSet<string> Sections = new(StringComparer.Ordinal)
    {
        "Api", "Auth", "Cache", "Conversation", "Cors", "Database", "Escalation", "FakeVertex", "Llm", "Logging",
        "Dashboard", "Notifications", "Orleans", "RateLimits", "Seed", "Telemetry",
    };

    /// <summary>Variables read directly (the runtime's, Kubernetes hosting's, OpenTelemetry's, the original ENVIRONMENT).</summary>
    private static readonly HashSet<string> Direct = new(StringComparer.Ordinal)
    {
        "ENVIRONMENT", "POD_NAME", "POD_NAMESPACE", "POD_IP", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME",
        "DOTNET_SHUTDOWNTIMEOUTSECONDS", "DOTNET_gcServer", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT",
        "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB",
    };

    public static bool IsKnown(string name) =>
        LegacyEnvironmentSettings.Mappings.Any(m => m.Variable == name)
        || Direct.Contains(name)
        || (name.Contains("__", StringComparison.Ordinal) && Sections.Contains(name[..name.IndexOf("__", StringComparison.Ordinal)]));
}
