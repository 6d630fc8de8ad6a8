using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Gateway.Tests;

internal static class HttpHelpers
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    /// <summary>A browser's CORS preflight for a POST to <paramref name="path"/> from <paramref name="origin"/>.</summary>
    public static Task<HttpResponseMessage> PreflightAsync(this HttpClient client, string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return client.SendAsync(request);
    }

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static Task<HttpResponseMessage> PostWebhookAsync(
        this HttpClient client, string text, string user = "user123", string business = "business456", string platform = "whatsapp", string? messageId = null)
    {
        var body = new JsonObject
        {
            ["mesaj_metni"] = text,
            ["kullanici_id"] = user,
            ["isletme_id"] = business,
            ["platform"] = platform,
        };
        if (messageId is not null)
        {
            body["mesaj_id"] = messageId;
        }

        return client.PostAsync("/webhook", Json(body.ToJsonString()));
    }

    public static bool IsProblem(this HttpResponseMessage response) =>
        response.Content.Headers.ContentType is MediaTypeHeaderValue { MediaType: "application/problem+json" };
}
