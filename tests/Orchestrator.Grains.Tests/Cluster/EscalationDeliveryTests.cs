using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>A one-silo cluster whose notifications go to an in-test Slack/webhook receiver and an in-test SMTP server.</summary>
public sealed class NotifyingClusterFixture : ClusterFixture
{
    public RecordingHttpServer Receiver { get; private set; } = null!;

    public RecordingSmtpServer Smtp { get; private set; } = null!;

    protected override short Silos => 1;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Slack:WebhookUrl"] = new Uri(Receiver.Address, "/slack").ToString(),
        ["Notifications:Email:Host"] = "127.0.0.1",
        ["Notifications:Email:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Notifications:Email:Tls"] = "None",
        ["Notifications:Email:From"] = "bot@orchestrator.example",
        ["Notifications:Email:Recipients:0"] = "destek@shop.example",
        ["Notifications:Delivery:PollInterval"] = "00:00:00.050",
    };

    public override async Task InitializeAsync()
    {
        Receiver = await RecordingHttpServer.StartAsync();
        Smtp = await RecordingSmtpServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>Escalations reach every configured channel, and a ticket nobody claims is raised once and notified again.</summary>
public sealed class EscalationDeliveryTests(NotifyingClusterFixture fixture) : IClassFixture<NotifyingClusterFixture>
{
    [Fact]
    public async Task AComplaintOpensOneHighTicketAndReachesSlackEmailAndTheTenantWebhook()
    {
        var (business, ticketId) = await EscalateAsync("rezalet bir hizmet, şikayetçiyim", "complaint", 0.93);

        await Eventually.TrueAsync(() => Task.FromResult(Slack(ticketId).Any() && Webhook(ticketId).Any() && Mail(ticketId).Any()), "Slack, the webhook and e-mail got the ticket");

        var ticket = await fixture.Client.GetTicket(ticketId).Get();
        Assert.Equal(TicketPriority.High, ticket!.Priority);
        Assert.Single(Slack(ticketId));
        Assert.Single(Webhook(ticketId));
        var mail = Assert.Single(Mail(ticketId));
        Assert.Equal(["destek@shop.example"], mail.Recipients);
        Assert.Contains("[HIGH]", mail.Message.Subject, StringComparison.Ordinal);
        var statistics = await fixture.Client.GetBusiness(business).GetStatistics();
        Assert.Equal(0, statistics!.Notifications!.Failed);
    }

    [Fact]
    public async Task ATicketNobodyClaimsIsRaisedOnceAndNotifiedAgain()
    {
        var (_, ticketId) = await EscalateAsync("şey acaba o şey", "other", 0.3);
        var watcher = fixture.Cluster.GetSiloServiceProvider().GetServices<IHostedService>().OfType<SlaWatcher>().Single();
        await Eventually.TrueAsync(() => Task.FromResult(Slack(ticketId).Any()), "Slack got the new ticket");

        var early = await watcher.ScanAsync(CancellationToken.None);
        fixture.Time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromSeconds(1));
        await watcher.ScanAsync(CancellationToken.None); // the silo's own watcher may be scanning at the same time
        fixture.Time.Advance(TimeSpan.FromHours(8));
        var again = await watcher.ScanAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal(0, again);
        var ticket = await fixture.Client.GetTicket(ticketId).Get();
        Assert.Equal(TicketPriority.Medium, ticket!.Priority);
        Assert.True(ticket.SlaRaised);
        await Eventually.TrueAsync(() => Task.FromResult(Slack(ticketId).Count() == 2), "Slack got the raised ticket");
        Assert.Contains(Slack(ticketId), body => ((string)body["text"]!).Contains("still waiting", StringComparison.Ordinal));
        await Task.Delay(200); // a second raise would have been delivered by now (the dispatcher polls every 50 ms)
        Assert.Equal(2, Slack(ticketId).Count());
    }

    [Fact]
    public async Task AClaimedTicketIsNotRaised()
    {
        var (_, ticketId) = await EscalateAsync("bir insanla görüşmek istiyorum", "human_handoff", 0.97);
        var watcher = fixture.Cluster.GetSiloServiceProvider().GetServices<IHostedService>().OfType<SlaWatcher>().Single();

        await fixture.Client.GetTicket(ticketId).Assign("ayse");
        fixture.Time.Advance(TimeSpan.FromHours(2));
        await watcher.ScanAsync(CancellationToken.None);

        var ticket = await fixture.Client.GetTicket(ticketId).Get();
        Assert.Equal(TicketPriority.Medium, ticket!.Priority);
        Assert.False(ticket.SlaRaised);
    }

    private async Task<(string Business, string TicketId)> EscalateAsync(string text, string intent, double confidence)
    {
        fixture.Model.Script(text, ScriptedIntentModel.Output(intent, confidence));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        await fixture.Client.GetBusiness(business).SetIntegration(new IntegrationSettings(
            business, IntegrationKinds.EscalationWebhook,
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("url", new Uri(fixture.Receiver.Address, "/hook/" + business).ToString())]),
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("secret", "a-long-enough-secret-value")]),
            default));
        var outcome = await fixture.Client.GetSession(business, "whatsapp", "905551112233")
            .Handle(new IncomingMessage(text, "wamid." + Guid.NewGuid().ToString("N"), null, fixture.Time.GetUtcNow()));
        Assert.True(outcome.Escalated);
        return (business, outcome.TicketId!);
    }

    private IEnumerable<JsonNode> Slack(string ticketId) => fixture.Receiver.Requests
        .Where(r => r.Path == "/slack" && r.Body.Contains(ticketId, StringComparison.Ordinal))
        .Select(r => JsonNode.Parse(r.Body)!);

    private IEnumerable<RecordedRequest> Webhook(string ticketId) => fixture.Receiver.Requests
        .Where(r => r.Path.StartsWith("/hook/", StringComparison.Ordinal) && r.Body.Contains(ticketId, StringComparison.Ordinal));

    private IEnumerable<ReceivedMail> Mail(string ticketId) => fixture.Smtp.Messages
        .Where(m => m.Message.Subject?.Contains(ticketId, StringComparison.Ordinal) == true);
}
