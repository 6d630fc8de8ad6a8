using System.Net;
using System.Text;

namespace Orchestrator.Gateway.Tests;

/// <summary>Every bad webhook call gets a 4xx problem-details answer naming what is wrong, and changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhookValidationTests(GatewayFactory factory)
{
    /// <summary>Stands for a 1 MiB body, built in the test so the test name stays short.</summary>
    private const string OneMegabyteBody = "(1 MiB of JSON)";

    private const string Valid = """{"mesaj_metni":"merhaba","kullanici_id":"u-validation","isletme_id":"business456","platform":"web"}""";

    public static TheoryData<string, string?, string, int, string?> BadRequests => new()
    {
        // name, content type, body, expected status, field named in "errors"
        { "missing mesaj_metni", "application/json", """{"kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "missing kullanici_id", "application/json", """{"mesaj_metni":"x","isletme_id":"business456","platform":"web"}""", 400, "kullanici_id" },
        { "missing isletme_id", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","platform":"web"}""", 400, "isletme_id" },
        { "missing platform", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"business456"}""", 400, "platform" },
        { "null mesaj_metni", "application/json", """{"mesaj_metni":null,"kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "empty mesaj_metni", "application/json", """{"mesaj_metni":"","kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "blank mesaj_metni", "application/json", """{"mesaj_metni":"   \t ","kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "empty kullanici_id", "application/json", """{"mesaj_metni":"x","kullanici_id":"","isletme_id":"business456","platform":"web"}""", 400, "kullanici_id" },
        { "empty isletme_id", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"","platform":"web"}""", 400, "isletme_id" },
        { "number mesaj_metni", "application/json", """{"mesaj_metni":42,"kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "number kullanici_id", "application/json", """{"mesaj_metni":"x","kullanici_id":123,"isletme_id":"business456","platform":"web"}""", 400, "kullanici_id" },
        { "array isletme_id", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":["business456"],"platform":"web"}""", 400, "isletme_id" },
        { "boolean platform", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"business456","platform":true}""", 400, "platform" },
        { "object mesaj_metni", "application/json", """{"mesaj_metni":{"text":"x"},"kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "unknown platform", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"business456","platform":"fax"}""", 400, "platform" },
        { "isletme_id with slash", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"biz/456","platform":"web"}""", 400, "isletme_id" },
        { "isletme_id too long", "application/json", $$"""{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"{{new string('b', 65)}}","platform":"web"}""", 400, "isletme_id" },
        { "mesaj_metni too long", "application/json", $$"""{"mesaj_metni":"{{new string('a', 4097)}}","kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "kullanici_id too long", "application/json", $$"""{"mesaj_metni":"x","kullanici_id":"{{new string('u', 129)}}","isletme_id":"business456","platform":"web"}""", 400, "kullanici_id" },
        { "control character in kullanici_id", "application/json", """{"mesaj_metni":"x","kullanici_id":"u\u0007","isletme_id":"business456","platform":"web"}""", 400, "kullanici_id" },
        { "NUL in mesaj_metni", "application/json", """{"mesaj_metni":"a\u0000b","kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "empty mesaj_id", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"business456","platform":"web","mesaj_id":""}""", 400, "mesaj_id" },
        { "number mesaj_id", "application/json", """{"mesaj_metni":"x","kullanici_id":"u1","isletme_id":"business456","platform":"web","mesaj_id":7}""", 400, "mesaj_id" },
        { "duplicate property", "application/json", """{"mesaj_metni":"x","mesaj_metni":"y","kullanici_id":"u1","isletme_id":"business456","platform":"web"}""", 400, "mesaj_metni" },
        { "malformed JSON", "application/json", """{"mesaj_metni":"x",""", 400, "body" },
        { "trailing text after the object", "application/json", Valid + " extra", 400, "body" },
        { "JSON array instead of an object", "application/json", "[]", 400, "body" },
        { "JSON null", "application/json", "null", 400, "body" },
        { "empty body", "application/json", "", 400, "body" },
        { "text/plain content type", "text/plain", Valid, 415, null },
        { "form content type", "application/x-www-form-urlencoded", "mesaj_metni=x", 415, null },
        { "no content type", null, Valid, 415, null },
        { "1 MB body", "application/json", OneMegabyteBody, 413, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task RejectsBadWebhookCallWithProblemDetailsAndChangesNothing(
        string name, string? contentType, string body, int expectedStatus, string? field)
    {
        var client = factory.CreateClient();
        var before = await client.GetStringAsync("/stats/business456");
        var businessBefore = await client.GetStringAsync("/admin/businesses/business456");

        if (body == OneMegabyteBody)
        {
            body = $$"""{"mesaj_metni":"{{new string('a', 1024 * 1024)}}","kullanici_id":"u1","isletme_id":"business456","platform":"web"}""";
        }

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await client.PostAsync("/webhook", content);

        Assert.True(expectedStatus == (int)response.StatusCode, $"{name}: expected {expectedStatus}, got {(int)response.StatusCode}");
        Assert.True(response.IsProblem(), $"{name}: not a problem-details response");
        var problem = await response.ReadObjectAsync();
        Assert.Equal(expectedStatus, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        if (field is not null)
        {
            var errors = problem["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{name}: errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
        }

        Assert.Equal(before, await client.GetStringAsync("/stats/business456"));
        Assert.Equal(businessBefore, await client.GetStringAsync("/admin/businesses/business456"));
    }

    [Fact]
    public async Task AnswersUnknownBusinessWithNotFoundNamingTheField()
    {
        var client = factory.CreateClient();

        var response = await client.PostWebhookAsync("merhaba", business: "no-such-shop");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.IsProblem());
        var problem = await response.ReadObjectAsync();
        Assert.True(problem["errors"]!.AsObject().ContainsKey("isletme_id"));
    }
}
