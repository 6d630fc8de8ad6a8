using System.Text.RegularExpressions;

namespace Orchestrator.Grains.Understanding.Vertex;

/// <summary>
/// The model resource a <c>generateContent</c> call goes to, read from <c>GEMINI_MODEL_NAME</c> in any of its
/// accepted forms (see <see cref="VertexOptions.Model"/>).
/// </summary>
public sealed partial record VertexModelResource(string Project, string Location, string Path, bool IsTunedEndpoint)
{
    /// <summary>The request path: <c>/v1/{resource}:generateContent</c>.</summary>
    public string GenerateContentPath => $"/v1/{Path}:generateContent";

    /// <summary>The regional host, or the configured base URL.</summary>
    public Uri BaseAddress(Uri? configured) => configured ?? new Uri($"https://{Location}-aiplatform.googleapis.com");

    public static VertexModelResource Parse(string? model, string? project, string location)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new FormatException("GEMINI_MODEL_NAME (Llm:Vertex:Model) is required when the provider is vertex.");
        }

        var text = model.Trim().Trim('/');
        if (FullEndpoint().Match(text) is { Success: true } endpoint)
        {
            return new(endpoint.Groups["p"].Value, endpoint.Groups["l"].Value, text, IsTunedEndpoint: true);
        }

        if (FullPublisher().Match(text) is { Success: true } publisher)
        {
            return new(publisher.Groups["p"].Value, publisher.Groups["l"].Value, text, IsTunedEndpoint: false);
        }

        if (string.IsNullOrWhiteSpace(project))
        {
            throw new FormatException($"GEMINI_MODEL_NAME '{text}' is not a full resource name, so GOOGLE_CLOUD_PROJECT (Llm:Vertex:Project) is required.");
        }

        var prefix = $"projects/{project.Trim()}/locations/{location}";
        if (ShortEndpoint().Match(text) is { Success: true } shortEndpoint)
        {
            return new(project.Trim(), location, $"{prefix}/endpoints/{shortEndpoint.Groups["id"].Value}", IsTunedEndpoint: true);
        }

        if (ShortPublisher().Match(text) is { Success: true } shortPublisher)
        {
            return new(project.Trim(), location, $"{prefix}/publishers/google/models/{shortPublisher.Groups["m"].Value}", IsTunedEndpoint: false);
        }

        throw new FormatException(
            $"GEMINI_MODEL_NAME '{text}' is not a model this client understands: use projects/{{p}}/locations/{{l}}/endpoints/{{id}}, " +
            "endpoints/{id}, a numeric endpoint id, publishers/google/models/{model}, or a model name such as gemini-2.0-flash-001.");
    }

    [GeneratedRegex("^projects/(?<p>[a-z0-9-]+)/locations/(?<l>[a-z0-9-]+)/endpoints/(?<id>[0-9]+)$")]
    private static partial Regex FullEndpoint();

    [GeneratedRegex("^projects/(?<p>[a-z0-9-]+)/locations/(?<l>[a-z0-9-]+)/publishers/google/models/(?<m>[A-Za-z0-9._@-]+)$")]
    private static partial Regex FullPublisher();

    [GeneratedRegex("^(endpoints/)?(?<id>[0-9]+)$")]
    private static partial Regex ShortEndpoint();

    [GeneratedRegex("^(publishers/google/models/)?(?<m>[a-z][A-Za-z0-9._@-]*)$")]
    private static partial Regex ShortPublisher();
}
