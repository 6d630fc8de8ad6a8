using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// Finds open tickets past their claim deadline and asks each ticket grain to raise its priority. Every silo runs
/// one; the grain makes the raise happen once, so overlapping scans are harmless.
/// </summary>
public sealed partial class SlaWatcher(
    ITicketStore store,
    IGrainFactory grains,
    IOptions<EscalationOptions> options,
    TimeProvider time,
    ILogger<SlaWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SlaCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await ScanAsync(stoppingToken);
        }
    }

    /// <summary>One scan; returns how many tickets were raised.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var raised = 0;
        try
        {
            foreach (var ticketId in await store.DueForSlaAsync(time.GetUtcNow(), 100, cancellationToken))
            {
                if (await grains.GetTicket(ticketId).CheckSla())
                {
                    raised++;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogScanFailed(logger, exception.Message);
        }

        return raised;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for tickets past their deadline failed: {Reason}")]
    private static partial void LogScanFailed(ILogger logger, string reason);
}
