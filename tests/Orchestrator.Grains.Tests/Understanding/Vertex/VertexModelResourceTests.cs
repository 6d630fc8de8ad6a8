using Orchestrator.Grains.Understanding.Vertex;

namespace Orchestrator.Grains.Tests.Understanding.Vertex;

public sealed class VertexModelResourceTests
{
    [Fact]
    public void ReadsAFullTunedEndpointWithItsOwnProjectAndRegion()
    {
        var resource = VertexModelResource.Parse("projects/shop-ai/locations/europe-west4/endpoints/123456", "other", "us-central1");

        Assert.Equal(new VertexModelResource("shop-ai", "europe-west4", "projects/shop-ai/locations/europe-west4/endpoints/123456", true), resource);
        Assert.Equal(new Uri("https://europe-west4-aiplatform.googleapis.com"), resource.BaseAddress(null));
    }

    [Fact]
    public void ReadsAFullPublisherModel() =>
        Assert.False(VertexModelResource.Parse("projects/p/locations/us-east1/publishers/google/models/gemini-2.0-flash-001", null, "x").IsTunedEndpoint);

    [Theory]
    [InlineData("")]
    [InlineData("projects/p/locations/l/models/x")]
    [InlineData("endpoints/abc")]
    [InlineData("models/gemini")]
    public void RejectsNamesItCannotRead(string model) =>
        Assert.Throws<FormatException>(() => VertexModelResource.Parse(model, "p", "us-central1"));

    [Fact]
    public void NeedsTheProjectForAShortName() =>
        Assert.Contains("GOOGLE_CLOUD_PROJECT", Assert.Throws<FormatException>(() => VertexModelResource.Parse("gemini-2.0-flash-001", null, "us-central1")).Message, StringComparison.Ordinal);

    [Fact]
    public void UsesTheConfiguredBaseUrlWhenSet() =>
        Assert.Equal(new Uri("http://127.0.0.1:8090"), VertexModelResource.Parse("1", "p", "us-central1").BaseAddress(new Uri("http://127.0.0.1:8090")));
}
