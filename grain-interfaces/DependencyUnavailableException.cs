namespace Orchestrator.GrainInterfaces;

/// <summary>
/// A dependency (the database, the model) cannot be reached right now. The request did not change anything and
/// may be retried; the gateway answers it with 503 and <c>Retry-After</c>.
/// </summary>
[GenerateSerializer, Alias("orch.dependency-unavailable")]
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DependencyUnavailableException(string dependency, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Dependency = dependency;
    }

    /// <summary>Which dependency: <c>postgres</c>, <c>redis</c>, <c>llm</c>.</summary>
    [Id(0)]
    public string? Dependency { get; init; }
}
