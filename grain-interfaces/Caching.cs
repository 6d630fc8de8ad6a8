using System.Collections.Immutable;

namespace Orchestrator.GrainInterfaces;

/// <summary>What an invalidation removed.</summary>
[GenerateSerializer, Immutable, Alias("orch.cache-invalidation")]
public sealed record CacheInvalidation(bool BusinessFound, int LlmEntriesRemoved, int AnswerEntriesRemoved);

/// <summary>Counters of one cache.</summary>
[GenerateSerializer, Immutable, Alias("orch.cache-counters")]
public sealed record CacheCounters(
    int Entries,
    long Hits,
    long Misses,
    long Evictions,
    long Expirations,
    long Invalidations)
{
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}

/// <summary>A tenant's cache statistics.</summary>
/// <param name="LlmCallsSaved">Model calls avoided by the understanding cache and by coalescing.</param>
/// <param name="EstimatedTokensSaved">Tokens those calls would have cost, at the tenant's average per call.</param>
[GenerateSerializer, Immutable, Alias("orch.cache-statistics")]
public sealed record CacheStatistics(
    string BusinessId,
    CacheCounters Llm,
    CacheCounters Answers,
    long LlmCalls,
    long LlmCallsSaved,
    long CoalescedRequests,
    long EstimatedTokensSaved,
    ImmutableSortedDictionary<string, string> Settings);
