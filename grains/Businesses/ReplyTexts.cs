namespace Orchestrator.Grains.Businesses;

// TEMPORARY (uncommitted): replaced by the matcher branch's ReplyTexts.
public static class ReplyTexts
{
    public static string HandoffStarted(string ticketId) => $"Sizi bir müşteri temsilcisine aktarıyorum. Talep numaranız: {ticketId}.";
    public const string HandoffPending = "Mesajınız temsilcimize iletildi.";
    public const string Help = "Yardım";
}
