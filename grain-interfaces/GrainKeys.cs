using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

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
/// <remarks>
/// Orleans' <c>GetGrain&lt;T&gt;(key)</c> resolves the interface's grain type on every call: it reads the interface's
/// custom attributes by reflection and formats its type name, which was about 8 % of the gateway's CPU under load
/// (one lookup per message, and more in the silo). The two types are fixed for a factory's lifetime, so they are
/// resolved once per factory and interface and every later reference is built from the grain id directly
/// (<see cref="IGrainFactory.GetGrain(GrainId, GrainInterfaceType)"/>, a dictionary lookup).
/// </remarks>
public static class GrainFactoryExtensions
{
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<Type, GrainTypes>> Resolved = [];
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<Type, IGrainWithIntegerKey>> Singles = [];

    public static IBusinessGrain GetBusiness(this IGrainFactory factory, string businessId) =>
        Get<IBusinessGrain>(factory, businessId);

    public static ISessionGrain GetSession(this IGrainFactory factory, string businessId, string platform, string userId) =>
        Get<ISessionGrain>(factory, GrainKeys.Session(businessId, platform, userId));

    public static IEscalationTicketGrain GetTicket(this IGrainFactory factory, string ticketId) =>
        Get<IEscalationTicketGrain>(factory, ticketId);

    public static ITenantDirectoryGrain GetTenantDirectory(this IGrainFactory factory) =>
        Single<ITenantDirectoryGrain>(factory);

    public static ITicketDirectoryGrain GetTicketDirectory(this IGrainFactory factory) =>
        Single<ITicketDirectoryGrain>(factory);

    /// <summary>The stateless worker that takes the chat platforms' webhooks.</summary>
    public static IChannelInboxGrain GetChannelInbox(this IGrainFactory factory) =>
        Single<IChannelInboxGrain>(factory);

    public static ITenantApiKeysGrain GetApiKeys(this IGrainFactory factory, string businessId) =>
        Get<ITenantApiKeysGrain>(factory, businessId);

    /// <summary>The reference <c>factory.GetGrain&lt;T&gt;(key)</c> returns, without resolving the grain type again.</summary>
    private static T Get<T>(IGrainFactory factory, string key)
        where T : IGrainWithStringKey
    {
        var resolved = Resolved.GetValue(factory, static _ => new ConcurrentDictionary<Type, GrainTypes>());
        if (resolved.TryGetValue(typeof(T), out var types))
        {
            return (T)factory.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        var grain = factory.GetGrain<T>(key);
        if (grain is GrainReference reference)
        {
            resolved.TryAdd(typeof(T), new GrainTypes(reference.GrainId.Type, reference.InterfaceType));
        }

        return grain;
    }

    /// <summary>The reference to a grain there is one of (key 0), built once per factory.</summary>
    private static T Single<T>(IGrainFactory factory)
        where T : IGrainWithIntegerKey
    {
        var singles = Singles.GetValue(factory, static _ => new ConcurrentDictionary<Type, IGrainWithIntegerKey>());
        return (T)singles.GetOrAdd(typeof(T), static (_, f) => f.GetGrain<T>(0), factory);
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);
}
