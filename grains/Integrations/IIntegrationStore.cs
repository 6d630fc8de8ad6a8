using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Integrations;

/// <summary>Tenant integrations (<c>business_integrations</c>). Only the tenant grain writes; dispatchers and channel adapters read.</summary>
public interface IIntegrationStore
{
    Task<IntegrationSettings?> GetAsync(string businessId, string kind, CancellationToken cancellationToken);

    Task<IReadOnlyList<IntegrationSettings>> ListAsync(string businessId, CancellationToken cancellationToken);

    /// <summary>Saves the integration; false when another tenant already uses its platform identity (the same WhatsApp number).</summary>
    Task<bool> SaveAsync(IntegrationSettings integration, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string businessId, string kind, CancellationToken cancellationToken);

    /// <summary>The integration of this kind whose setting <paramref name="key"/> is <paramref name="value"/>
    /// (e.g. the WhatsApp integration with this phone number id): how an incoming platform call finds its tenant.</summary>
    Task<IntegrationSettings?> FindAsync(string kind, string key, string value, CancellationToken cancellationToken);
}

/// <summary>The embedded-mode integration store.</summary>
public sealed class InMemoryIntegrationStore : IIntegrationStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), IntegrationSettings> _integrations = [];

    public Task<IntegrationSettings?> GetAsync(string businessId, string kind, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_integrations.GetValueOrDefault((businessId, kind)));
        }
    }

    public Task<IReadOnlyList<IntegrationSettings>> ListAsync(string businessId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<IntegrationSettings> list = [.. _integrations.Values.Where(i => i.BusinessId == businessId).OrderBy(i => i.Kind, StringComparer.Ordinal)];
            return Task.FromResult(list);
        }
    }

    public Task<bool> SaveAsync(IntegrationSettings integration, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (integration.Kind == IntegrationKinds.WhatsApp
                && integration.Settings.TryGetValue(IntegrationKinds.PhoneNumberId, out var number)
                && _integrations.Values.Any(i => i.Kind == IntegrationKinds.WhatsApp && i.BusinessId != integration.BusinessId
                    && i.Settings.TryGetValue(IntegrationKinds.PhoneNumberId, out var other) && other == number))
            {
                return Task.FromResult(false);
            }

            _integrations[(integration.BusinessId, integration.Kind)] = integration;
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(string businessId, string kind, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_integrations.Remove((businessId, kind)));
        }
    }

    public Task<IntegrationSettings?> FindAsync(string kind, string key, string value, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_integrations.Values.FirstOrDefault(i =>
                i.Kind == kind && i.Settings.TryGetValue(key, out var found) && found == value));
        }
    }
}
