using Orchestrator.Silo.Hosting;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Deployment.Tests;

/// <summary>deploy/k8s agrees with itself and with the code.</summary>
public sealed class KubernetesTests
{
    private static readonly List<YamlMappingNode> Objects = [.. Directory.GetFiles(Repository.Path("deploy/k8s"), "*.yaml")
        .Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
        .SelectMany(f => Repository.Documents(System.IO.Path.GetRelativePath(Repository.Root, f)))];

    [Fact]
    public void TheKustomizationListsEveryManifestExceptTheSecretTemplate()
    {
        var listed = Repository.Documents("deploy/k8s/kustomization.yaml").Single().Items("resources").Select(r => ((YamlScalarNode)r).Value!).ToHashSet();
        var files = Directory.GetFiles(Repository.Path("deploy/k8s"), "*.yaml").Select(System.IO.Path.GetFileName)
            .Where(f => f is not "kustomization.yaml" and not "secret.example.yaml").ToHashSet();

        Assert.Equal(files.Order(), listed.Order());
    }

    [Fact]
    public void SilosUseKubernetesHostingWithItsLabelsEnvironmentAndRbac()
    {
        var silo = Deployment("orchestrator-silo");
        var labels = (YamlMappingNode)silo.At("spec", "template", "metadata", "labels")!;
        var container = Container(silo);
        var env = container.Items("env").Select(e => e.Text("name")!).ToList();
        var role = Object("Role", "orchestrator-silo");

        Assert.Contains(new YamlScalarNode("orleans/serviceId"), labels.Children.Keys);
        Assert.Contains(new YamlScalarNode("orleans/clusterId"), labels.Children.Keys);
        Assert.Subset(env.ToHashSet(), new HashSet<string> { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID" });
        Assert.Equal("orchestrator-silo", silo.Text("spec", "template", "spec", "serviceAccountName"));
        var verbs = role.Items("rules").Single().Items("verbs").Select(v => ((YamlScalarNode)v).Value).ToHashSet();
        Assert.Subset(verbs, new HashSet<string?> { "get", "list", "watch", "delete" });
        Assert.Equal("orchestrator-silo", Object("RoleBinding", "orchestrator-silo").Text("roleRef", "name"));
    }

    [Fact]
    public void ContainerPortsMatchTheSettingsInTheConfigMap()
    {
        var settings = ConfigMap();
        var siloPorts = Ports(Deployment("orchestrator-silo"));
        var gatewayPorts = Ports(Deployment("orchestrator-gateway"));

        Assert.Equal(int.Parse(settings["ORLEANS_SILO_PORT"], System.Globalization.CultureInfo.InvariantCulture), siloPorts["silo"]);
        Assert.Equal(int.Parse(settings["ORLEANS_GATEWAY_PORT"], System.Globalization.CultureInfo.InvariantCulture), siloPorts["gateway"]);
        Assert.Equal(8080, siloPorts["http"]);
        Assert.Equal(int.Parse(settings["API_PORT"], System.Globalization.CultureInfo.InvariantCulture), gatewayPorts["http"]);
    }

    [Fact]
    public void ProbesUseTheHealthEndpointsTheProcessesServe()
    {
        foreach (var name in new[] { "orchestrator-silo", "orchestrator-gateway" })
        {
            var container = Container(Deployment(name));
            Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
            Assert.NotNull(container.At("resources", "requests", "cpu"));
            Assert.NotNull(container.At("resources", "requests", "memory"));
            Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
        }

        var health = File.ReadAllText(Repository.Path("silo/Hosting/HealthEndpoints.cs"));
        Assert.Contains("\"/health/live\"", health, StringComparison.Ordinal);
        Assert.Contains("\"/health/ready\"", health, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectorsOfServicesBudgetsAndTheAutoscalerFindTheirPods()
    {
        var gatewayLabels = Labels(Deployment("orchestrator-gateway"));
        var siloLabels = Labels(Deployment("orchestrator-silo"));

        Assert.Equal("Deployment", Object("HorizontalPodAutoscaler", "orchestrator-gateway").Text("spec", "scaleTargetRef", "kind"));
        Assert.Equal("orchestrator-gateway", Object("HorizontalPodAutoscaler", "orchestrator-gateway").Text("spec", "scaleTargetRef", "name"));
        Assert.Subset(gatewayLabels, Selector(Object("Service", "orchestrator-gateway").At("spec", "selector")!));
        Assert.Subset(gatewayLabels, Selector(Object("PodDisruptionBudget", "orchestrator-gateway").At("spec", "selector", "matchLabels")!));
        Assert.Subset(siloLabels, Selector(Object("PodDisruptionBudget", "orchestrator-silo").At("spec", "selector", "matchLabels")!));
        Assert.Equal("http", Object("Service", "orchestrator-gateway").Items("spec", "ports").Single().Text("targetPort"));
    }

    [Fact]
    public void EverySettingInTheConfigMapAndSecretIsOneTheProcessesRead()
    {
        var keys = ConfigMap().Keys.Concat(((YamlMappingNode)Object("Secret", "orchestrator-secrets").At("stringData")!).Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        foreach (var key in keys)
        {
            Assert.True(Settings.IsKnown(key), $"{key} is set in deploy/k8s but nothing reads it");
        }

        Assert.Contains(LegacyEnvironmentSettings.Mappings, m => m.Variable == "OPERATOR_API_KEY");
    }

    [Fact]
    public void EveryObjectIsInTheOrchestratorNamespace()
    {
        foreach (var item in Objects.Where(o => o.Text("kind") != "Namespace"))
        {
            Assert.Equal("orchestrator", item.Text("metadata", "namespace"));
        }
    }

    private static YamlMappingNode Object(string kind, string name) =>
        Objects.Single(o => o.Text("kind") == kind && o.Text("metadata", "name") == name);

    private static YamlMappingNode Deployment(string name) => Object("Deployment", name);

    private static YamlNode Container(YamlMappingNode deployment) => deployment.Items("spec", "template", "spec", "containers").Single();

    private static Dictionary<string, int> Ports(YamlMappingNode deployment) => Container(deployment).Items("ports")
        .ToDictionary(p => p.Text("name")!, p => int.Parse(p.Text("containerPort")!, System.Globalization.CultureInfo.InvariantCulture));

    private static Dictionary<string, string> ConfigMap() => ((YamlMappingNode)Object("ConfigMap", "orchestrator-settings").At("data")!).Children
        .ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);

    private static HashSet<string> Labels(YamlMappingNode deployment) => Selector(deployment.At("spec", "template", "metadata", "labels")!);

    private static HashSet<string> Selector(YamlNode node) =>
        [.. ((YamlMappingNode)node).Children.Select(c => $"{((YamlScalarNode)c.Key).Value}={((YamlScalarNode)c.Value).Value}")];
}
