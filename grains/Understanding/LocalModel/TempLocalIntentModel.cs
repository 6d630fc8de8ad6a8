namespace Orchestrator.Grains.Understanding;

// TEMPORARY, NEVER COMMITTED: replaced by the intent-model branch.
public sealed class LocalIntentModel : IIntentModel
{
    public string Name => "local";

    public ValueTask<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var t = TurkishText.Normalize(request.Message);
        string json = t.Contains("fiyat") ? "{\"intent\":\"product_price\",\"confidence\":0.95,\"product\":\"" + t.Split(' ')[0] + "\",\"info_type\":null,\"reply\":null}"
            : t.Contains("stok") ? "{\"intent\":\"product_stock\",\"confidence\":0.95,\"product\":\"" + t.Split(' ')[0] + "\",\"info_type\":null,\"reply\":null}"
            : t.Contains("iade") ? "{\"intent\":\"business_info\",\"confidence\":0.95,\"product\":null,\"info_type\":\"iade\",\"reply\":null}"
            : t.Contains("merhaba") ? "{\"intent\":\"greeting\",\"confidence\":0.95,\"product\":null,\"info_type\":null,\"reply\":null}"
            : t.Contains("temsilci") ? "{\"intent\":\"human_handoff\",\"confidence\":0.95,\"product\":null,\"info_type\":null,\"reply\":null}"
            : "{\"intent\":\"other\",\"confidence\":0.3,\"product\":null,\"info_type\":null,\"reply\":null}";
        return ValueTask.FromResult(new ModelResponse(json, "temp", TokenUsage.None));
    }
}
