namespace Orchestrator.GrainInterfaces;

/// <summary>Builds and reads grain keys. The only place that knows their shape.</summary>
public static class GrainKeys
{
    private const char Separator = '/';

    /// <summary>
    /// The session key <c>{isletme_id}/{platform}/{kullanici_id}</c>. Tenant ids and platform names cannot contain
    /// the separator, so the user id (last) may contain anything and the key still reads back unambiguously.
    /// </summary>
    public static string Session(string businessId, string platform, string userId)
    {
        if (businessId.Contains(Separator) || platform.Contains(Separator))
        {
            throw new ArgumentException("Tenant ids and platform names cannot contain '/'.");
        }

        return string.Concat(businessId, "/", platform, "/", userId);
    }

    /// <summary>Reads a session key built by <see cref="Session"/>.</summary>
    public static (string BusinessId, string Platform, string UserId) ParseSession(string key)
    {
        var first = key.IndexOf(Separator);
        var second = first < 0 ? -1 : key.IndexOf(Separator, first + 1);
        if (first <= 0 || second <= first + 1 || second == key.Length - 1)
        {
            throw new FormatException($"'{key}' is not a session key.");
        }

        return (key[..first], key[(first + 1)..second], key[(second + 1)..]);
    }
}

/// <summary>Typed grain lookups, so callers never build keys by hand.</summary>
public static class GrainFactoryExtensions
{
    public static IBusinessGrain GetBusiness(this IGrainFactory factory, string businessId) =>
        factory.GetGrain<IBusinessGrain>(businessId);

    public static ISessionGrain GetSession(this IGrainFactory factory, string businessId, string platform, string userId) =>
        factory.GetGrain<ISessionGrain>(GrainKeys.Session(businessId, platform, userId));

    public static IEscalationTicketGrain GetTicket(this IGrainFactory factory, string ticketId) =>
        factory.GetGrain<IEscalationTicketGrain>(ticketId);

    public static ITenantDirectoryGrain GetTenantDirectory(this IGrainFactory factory) =>
        factory.GetGrain<ITenantDirectoryGrain>(0);

    public static ITicketDirectoryGrain GetTicketDirectory(this IGrainFactory factory) =>
        factory.GetGrain<ITicketDirectoryGrain>(0);

    public static ITenantApiKeysGrain GetApiKeys(this IGrainFactory factory, string businessId) =>
        factory.GetGrain<ITenantApiKeysGrain>(businessId);
}
