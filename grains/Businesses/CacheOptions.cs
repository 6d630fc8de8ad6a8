using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Businesses;

/// <summary>The tenant caches (section <c>Cache</c>; <c>LLM_CACHE_TTL</c> and <c>ANSWER_CACHE_TTL</c> map here).</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>False turns both caches off (every message asks the model).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a validated understanding of a message is reused. Default one hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan LlmTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a fixed answer (meta value, greeting) is reused. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AnswerTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a tenant's catalogue and meta are trusted before they are read from the database again, so edits
    /// made outside the API are picked up. Admin API changes apply at once regardless. Default ten minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan CatalogueTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Entries per tenant and cache; the least recently used entry goes first. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxEntriesPerBusiness { get; set; } = 10_000;
}
