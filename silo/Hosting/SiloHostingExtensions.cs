using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.Grains;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Escalations.Notifications;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Limits;
using Orchestrator.Grains.Platforms;
using Orchestrator.Grains.Sessions;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;
using Orchestrator.Silo.Persistence;
using Orleans.Configuration;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// The one place a silo is wired: the silo process calls it, and so does the gateway in embedded mode, so both
/// host the same grains with the same services.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>Hosts an Orleans silo with the Orchestrator grains, configured for the deployment mode.</summary>
    public static IHostApplicationBuilder AddOrchestratorSilo(this IHostApplicationBuilder builder)
    {
        var mode = DeploymentMode.From(builder.Configuration);
        var orleans = builder.Configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new();
        Validate(orleans);

        builder.Services.AddOrchestratorDomain();
        builder.Services.AddOrchestratorLlm(builder.Configuration, mode.IsCluster);
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        if (mode.UsesDatabase)
        {
            // Before UseOrleans: the migrations run before the silo starts.
            builder.Services.AddOrchestratorPostgres(mode.DatabaseUrl!);
        }
        else
        {
            builder.Services.AddOrchestratorInMemoryStores();
        }

        var redis = mode.IsCluster ? ConnectionSettings.Redis(mode.RedisUrl!) : null;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = orleans.ClusterId;
                options.ServiceId = orleans.ServiceId;
            });
            if (redis is not null)
            {
                silo.UseRedisClustering(options => options.ConfigurationOptions = redis);
                silo.ConfigureEndpoints(
                    AdvertisedAddress(orleans.AdvertisedAddress),
                    orleans.SiloPort,
                    orleans.GatewayPort,
                    listenOnAnyHostAddress: true);
            }
            else
            {
                silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            }

            if (mode.UsesDatabase)
            {
                silo.AddOrchestratorPostgresGrainStorage();
            }
            else
            {
                silo.AddMemoryGrainStorage(StorageNames.ApiKeys);
                silo.AddMemoryGrainStorage(StorageNames.Budgets);
            }

            // Operators can tune failure detection and call timeouts: Orleans:Membership binds to
            // ClusterMembershipOptions (ProbeTimeout, NumMissedProbesLimit, ...), Orleans:Messaging to SiloMessagingOptions.
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
            silo.Services.Configure<SiloMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));

            // The grain directory cache allocates its table for its full size up front: Orleans' default of a million
            // entries costs about 8 MB per silo before the first grain. 100,000 remembered locations cover a silo's
            // hot grains; Orleans:Directory:CacheSize raises it.
            silo.Services.Configure<GrainDirectoryOptions>(options => options.CacheSize = 100_000);
            silo.Services.Configure<GrainDirectoryOptions>(builder.Configuration.GetSection("Orleans:Directory"));
            silo.Configure<GrainCollectionOptions>(options =>
            {
                options.CollectionAge = orleans.CollectionAge;
                options.ClassSpecificCollectionAge[typeof(SessionGrain).FullName!] = orleans.SessionCollectionAge;
            });

            if (TelemetryHostingExtensions.ExportsTraces(builder.Configuration))
            {
                silo.AddActivityPropagation();
            }

            silo.AddOrchestratorDashboard(builder.Configuration);
            if (redis is not null && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
            {
                // In Kubernetes: endpoints from POD_IP, cluster and service ids from the pod's labels and environment,
                // and silos whose pods are gone are declared dead at once instead of after missed probes.
                silo.UseKubernetesHosting();
            }

            silo.AddStartupTask((services, cancellationToken) => SeedAsync(services, mode, cancellationToken));
        });

        return builder;
    }

    /// <summary>The plain services the grains use: options, policies, the model, the clock.</summary>
    public static IServiceCollection AddOrchestratorDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOrchestratorExceptionSerialization();
        services.AddMetrics();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        services.AddSingleton<OrchestratorMetrics>();
        services.AddSingleton<LlmTelemetry>();
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new EscalationPolicy(sp.GetRequiredService<IOptions<EscalationOptions>>().Value));
        services.AddSingleton<MessageInterpreter>();
        services.TryAddKeyedSingleton<IIntentModel>(MessageInterpreter.FallbackModelKey, (_, _) => new LocalIntentModel());

        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new TicketWorkflow(sp.GetRequiredService<IOptions<EscalationOptions>>().Value));
        services.AddSingleton<NotificationSignal>();
        services.AddHttpClient(SlackNotifier.HttpClientName);
        services.AddSingleton<INotificationSender, SlackNotifier>();
        services.AddSingleton<INotificationSender, EmailNotifier>();
        services.AddSingleton<INotificationSender, WebhookNotifier>();
        services.AddSingleton<UserMessageNotifier>();
        services.AddSingleton<INotificationSender>(sp => sp.GetRequiredService<UserMessageNotifier>());

        // WhatsApp and Telegram: incoming messages are answered from the outbox, replies go out through their APIs.
        services.AddOptions<ChannelOptions>().BindConfiguration(ChannelOptions.Section)
            .Validate(o => System.Text.RegularExpressions.Regex.IsMatch(o.WhatsApp.GraphApiVersion, @"^v\d+\.\d+$"), "Channels:WhatsApp:GraphApiVersion must look like v21.0.")
            .Validate(o => o.WhatsApp.GraphBaseUrl.IsAbsoluteUri && o.Telegram.ApiBaseUrl.IsAbsoluteUri, "Channels:*:…BaseUrl must be absolute URLs.")
            .ValidateOnStart();
        services.AddHttpClient(WhatsAppChannel.HttpClientName).RemoveAllLoggers();
        services.AddHttpClient(TelegramChannel.HttpClientName).RemoveAllLoggers(); // the bot token is in the URL
        services.AddSingleton<IUserChannel, WhatsAppChannel>();
        services.AddSingleton<IUserChannel, TelegramChannel>();
        services.AddSingleton<INotificationSender, InboundMessageProcessor>();
        services.AddHostedService<NotificationDispatcher>();
        services.AddHostedService<SlaWatcher>();
        return services;
    }

    /// <summary>The embedded-mode stores: everything in this process's memory.</summary>
    public static IServiceCollection AddOrchestratorInMemoryStores(this IServiceCollection services)
    {
        services.AddSingleton<IBusinessStore, InMemoryBusinessStore>();
        services.AddSingleton<IInteractionStore, InMemoryInteractionStore>();
        services.AddSingleton<IIntegrationStore, InMemoryIntegrationStore>();
        services.AddSingleton<InMemoryTicketStore>();
        services.AddSingleton<ITicketStore>(sp => sp.GetRequiredService<InMemoryTicketStore>());
        services.AddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<InMemoryTicketStore>());
        return services;
    }

    private static async Task SeedAsync(IServiceProvider services, DeploymentMode mode, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<SeedOptions>>().Value;
        var seeder = ActivatorUtilities.CreateInstance<BusinessSeeder>(services);
        if (options.Demo ?? !mode.IsCluster)
        {
            await using var demo = BusinessSeeder.OpenDemo();
            await seeder.SeedAsync(demo, "demo-tenants.json", cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(options.File))
        {
            if (!File.Exists(options.File))
            {
                throw new SettingsException("Seed:File", $"{options.File} does not exist.");
            }

            await using var file = File.OpenRead(options.File);
            await seeder.SeedAsync(file, options.File, cancellationToken);
        }
    }

    /// <summary>The configured advertised address, else this host's first non-loopback IPv4 address.</summary>
    internal static System.Net.IPAddress AdvertisedAddress(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (System.Net.IPAddress.TryParse(configured, out var address))
            {
                return address;
            }

            var resolved = System.Net.Dns.GetHostAddresses(configured);
            return resolved.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? throw new SettingsException("Orleans:AdvertisedAddress", $"'{configured}' does not resolve to an IPv4 address.");
        }

        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))
            ?? System.Net.IPAddress.Loopback;
    }

    private static void Validate(OrleansHostingOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true))
        {
            throw new SettingsException(OrleansHostingOptions.Section, string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}
