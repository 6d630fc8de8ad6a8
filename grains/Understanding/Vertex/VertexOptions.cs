using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Understanding.Vertex;

/// <summary>Which model understands messages (section <c>Llm</c>; <c>LLM_PROVIDER</c> maps to <c>Provider</c>).</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";
    public const string Local = "local";
    public const string VertexProvider = "vertex";

    /// <summary>
    /// <c>local</c> (the built-in model) or <c>vertex</c> (a Gemini model on Vertex AI). Default: <c>vertex</c> when
    /// <c>GEMINI_MODEL_NAME</c> is set and the process runs in cluster mode, else <c>local</c>.
    /// </summary>
    [RegularExpression("^(local|vertex)$", ErrorMessage = "Llm:Provider (LLM_PROVIDER) must be 'local' or 'vertex'.")]
    public string? Provider { get; set; }

    public VertexOptions Vertex { get; set; } = new();
}

/// <summary>The Vertex AI Gemini client (section <c>Llm:Vertex</c>).</summary>
public sealed class VertexOptions
{
    /// <summary>Google Cloud project (<c>GOOGLE_CLOUD_PROJECT</c>); not needed when <see cref="Model"/> is a full resource name.</summary>
    public string? Project { get; set; }

    /// <summary>Region (<c>GOOGLE_CLOUD_LOCATION</c>). Default <c>us-central1</c>.</summary>
    [RegularExpression("^[a-z0-9-]{2,40}$", ErrorMessage = "Llm:Vertex:Location (GOOGLE_CLOUD_LOCATION) must be a region such as us-central1.")]
    public string Location { get; set; } = "us-central1";

    /// <summary>
    /// The model (<c>GEMINI_MODEL_NAME</c>): a tuned model's endpoint (<c>projects/{p}/locations/{l}/endpoints/{id}</c>,
    /// <c>endpoints/{id}</c> or the numeric id) or a publisher model (<c>projects/{p}/locations/{l}/publishers/google/models/{m}</c>,
    /// <c>publishers/google/models/{m}</c> or a bare name such as <c>gemini-2.0-flash-001</c>).
    /// </summary>
    public string? Model { get; set; }

    /// <summary>Overrides <c>https://{location}-aiplatform.googleapis.com</c> (tests, benchmarks, private endpoints).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>A service-account key file (<c>GOOGLE_APPLICATION_CREDENTIALS</c>); without it, application default credentials.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>A fixed bearer token instead of Google credentials: for the fake server and private gateways only.</summary>
    public string? AccessToken { get; set; }

    /// <summary>One HTTP attempt may take this long. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts of one call together. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for 429 and 5xx. Default 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; later ones grow exponentially with jitter (a Retry-After header wins). Default 0.5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The circuit opens when this share of calls failed within <see cref="SamplingDuration"/>. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit may open. Default 10.</summary>
    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once before letting one through (half-open). Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Low, so the same message gets the same understanding. Default 0.1.</summary>
    [Range(0.0, 2.0)]
    public double Temperature { get; set; } = 0.1;

    /// <summary>The answer is one small JSON object. Default 256.</summary>
    [Range(16, 8192)]
    public int MaxOutputTokens { get; set; } = 256;

    /// <summary>Catalogues up to this size are named product by product in the prompt. Default 50.</summary>
    [Range(0, 1000)]
    public int MaxProductNamesInPrompt { get; set; } = 50;

    /// <summary>Recent turns of the conversation sent with the message. Default 6.</summary>
    [Range(0, 50)]
    public int HistoryTurns { get; set; } = 6;
}
