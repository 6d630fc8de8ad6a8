using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Understanding;

public sealed class LlmOutputValidatorTests
{
    public static TheoryData<string, string?, string> InvalidOutputs => new()
    {
        // name, output, text the error must contain (the field at fault where there is one)
        { "null", null, "empty" },
        { "empty", "", "empty" },
        { "whitespace", "   \n ", "empty" },
        { "prose before", "Here you go: {\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "exactly one JSON object" },
        { "prose after", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null} thanks", "exactly one JSON object" },
        { "code fence", "```json\n{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}\n```", "exactly one JSON object" },
        { "two objects", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}{\"intent\":\"other\"}", "JSON" },
        { "array root", "[{\"intent\":\"greeting\"}]", "exactly one JSON object" },
        { "string root", "\"greeting\"", "exactly one JSON object" },
        { "trailing comma", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null,}", "JSON" },
        { "comment", "{\"intent\":\"greeting\", /* hi */ \"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "JSON" },
        { "truncated", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_", "exactly one JSON object" },
        { "single quotes", "{'intent':'greeting','confidence':0.9,'product':null,'info_type':null,'reply':null}", "JSON" },
        { "missing intent", "{\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "'intent' is missing" },
        { "missing confidence", "{\"intent\":\"greeting\",\"product\":null,\"info_type\":null,\"reply\":null}", "'confidence' is missing" },
        { "missing product", "{\"intent\":\"greeting\",\"confidence\":0.9,\"info_type\":null,\"reply\":null}", "'product' is missing" },
        { "missing info_type", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"reply\":null}", "'info_type' is missing" },
        { "missing reply", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null}", "'reply' is missing" },
        { "unknown field", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null,\"mood\":\"happy\"}", "unknown field 'mood'" },
        { "field name in other case", "{\"Intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "unknown field 'Intent'" },
        { "duplicate field", "{\"intent\":\"greeting\",\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "'intent' appears more than once" },
        { "unknown intent", "{\"intent\":\"price\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "'intent'" },
        { "intent in upper case", "{\"intent\":\"GREETING\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "'intent'" },
        { "intent as number", "{\"intent\":1,\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "'intent' must be a string" },
        { "intent null", "{\"intent\":null,\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "'intent' must be a string" },
        { "confidence as string", "{\"intent\":\"greeting\",\"confidence\":\"0.9\",\"product\":null,\"info_type\":null,\"reply\":null}", "'confidence'" },
        { "confidence above 1", "{\"intent\":\"greeting\",\"confidence\":1.01,\"product\":null,\"info_type\":null,\"reply\":null}", "'confidence'" },
        { "confidence negative", "{\"intent\":\"greeting\",\"confidence\":-0.1,\"product\":null,\"info_type\":null,\"reply\":null}", "'confidence'" },
        { "confidence as percent", "{\"intent\":\"greeting\",\"confidence\":93,\"product\":null,\"info_type\":null,\"reply\":null}", "'confidence'" },
        { "confidence bool", "{\"intent\":\"greeting\",\"confidence\":true,\"product\":null,\"info_type\":null,\"reply\":null}", "'confidence'" },
        { "confidence null", "{\"intent\":\"greeting\",\"confidence\":null,\"product\":null,\"info_type\":null,\"reply\":null}", "'confidence'" },
        { "product as number", "{\"intent\":\"product_price\",\"confidence\":0.9,\"product\":42,\"info_type\":null,\"reply\":null}", "'product' must be a string or null" },
        { "product as object", "{\"intent\":\"product_price\",\"confidence\":0.9,\"product\":{\"name\":\"x\"},\"info_type\":null,\"reply\":null}", "'product' must be a string or null" },
        { "product empty", "{\"intent\":\"product_price\",\"confidence\":0.9,\"product\":\"  \",\"info_type\":null,\"reply\":null}", "'product'" },
        { "product too long", "{\"intent\":\"product_price\",\"confidence\":0.9,\"product\":\"" + new string('x', 201) + "\",\"info_type\":null,\"reply\":null}", "'product'" },
        { "info_type missing for business_info", "{\"intent\":\"business_info\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "'info_type'" },
        { "info_type set for greeting", "{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":\"iade\",\"reply\":null}", "'info_type'" },
        { "info_type as array", "{\"intent\":\"business_info\",\"confidence\":0.9,\"product\":null,\"info_type\":[\"iade\"],\"reply\":null}", "'info_type' must be a string or null" },
        { "reply as number", "{\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":5}", "'reply' must be a string or null" },
        { "reply too long", "{\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":\"" + new string('x', 2001) + "\"}", "'reply'" },
        { "nested array as reply", "{\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":[[[[[[1]]]]]]}", "'reply' must be a string or null" },
        { "NUL in product", "{\"intent\":\"product_price\",\"confidence\":0.9,\"product\":\"a\\u0000b\",\"info_type\":null,\"reply\":null}", "'product' must not contain control characters" },
        { "bell in reply", "{\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":\"hi\\u0007\"}", "'reply' must not contain control characters" },
        { "line break in info_type", "{\"intent\":\"business_info\",\"confidence\":0.9,\"product\":null,\"info_type\":\"ia\\nde\",\"reply\":null}", "'info_type' must not contain control characters" },
        { "byte order mark", "\uFEFF{\"intent\":\"greeting\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null}", "exactly one JSON object" },
    };

    [Theory]
    [MemberData(nameof(InvalidOutputs))]
    public void RejectsOutputThatBreaksTheContract(string name, string? output, string expectedInError)
    {
        var result = LlmOutputValidator.Validate(output);

        Assert.False(result.IsValid, name);
        Assert.Null(result.Understanding);
        Assert.Contains(expectedInError, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("greeting", Intent.Greeting)]
    [InlineData("product_price", Intent.ProductPrice)]
    [InlineData("product_stock", Intent.ProductStock)]
    [InlineData("human_handoff", Intent.HumanHandoff)]
    [InlineData("complaint", Intent.Complaint)]
    [InlineData("other", Intent.Other)]
    public void AcceptsEveryIntentWithoutInfoType(string wire, Intent intent)
    {
        var result = LlmOutputValidator.Validate($"{{\"intent\":\"{wire}\",\"confidence\":0.8,\"product\":null,\"info_type\":null,\"reply\":null}}");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(intent, result.Understanding!.Intent);
    }

    [Fact]
    public void AcceptsTheContractExample()
    {
        var result = LlmOutputValidator.Validate("""{"intent": "product_price", "confidence": 0.93, "product": "gecelik", "info_type": null, "reply": null}""");

        Assert.Equal(new MessageUnderstanding(Intent.ProductPrice, 0.93, "gecelik", null, null), result.Understanding);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void AcceptsConfidenceAtTheBoundaries(double confidence)
    {
        var json = $"{{\"intent\":\"greeting\",\"confidence\":{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"product\":null,\"info_type\":null,\"reply\":null}}";

        Assert.Equal(confidence, LlmOutputValidator.Validate(json).Understanding!.Confidence);
    }

    [Fact]
    public void AcceptsWhitespaceAroundAndInsideTheObjectInAnyFieldOrder()
    {
        var result = LlmOutputValidator.Validate("\n  {\n \"reply\" : null , \"info_type\": \"iade\",\n\"product\":null, \"confidence\": 1e-1, \"intent\":\"business_info\" }\n\t");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("iade", result.Understanding!.InfoType);
        Assert.Equal(0.1, result.Understanding.Confidence);
    }

    [Fact]
    public void KeepsTurkishProductNamesAndTrimsThem()
    {
        var result = LlmOutputValidator.Validate("{\"intent\":\"product_stock\",\"confidence\":0.9,\"product\":\"  Saten Geceliğin \",\"info_type\":null,\"reply\":null}");

        Assert.Equal("Saten Geceliğin", result.Understanding!.Product);
    }

    [Fact]
    public void ReadsEscapedUnicode()
    {
        var result = LlmOutputValidator.Validate("{\"intent\":\"product_price\",\"confidence\":0.9,\"product\":\"\\u015fal\",\"info_type\":null,\"reply\":null}");

        Assert.Equal("şal", result.Understanding!.Product);
    }

    [Fact]
    public void TreatsABlankReplyAsNoReply()
    {
        var result = LlmOutputValidator.Validate("{\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":\"   \"}");

        Assert.True(result.IsValid, result.Error);
        Assert.Null(result.Understanding!.Reply);
    }

    [Fact]
    public void KeepsLineBreaksInAReply() =>
        Assert.Equal("Merhaba,\nnasılsınız?", LlmOutputValidator.Validate("{\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":\"Merhaba,\\nnasılsınız?\"}").Understanding!.Reply);

    [Fact]
    public void NeverThrowsOnMangledOutput()
    {
        const string Valid = "{\"intent\":\"product_price\",\"confidence\":0.93,\"product\":\"gecelik\",\"info_type\":null,\"reply\":null}";
        var random = new Random(1234);
        for (var i = 0; i < 5000; i++)
        {
            var chars = Valid.ToCharArray();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
            }

            var result = LlmOutputValidator.Validate(new string(chars)[..random.Next(1, chars.Length + 1)]);
            Assert.True(result.IsValid || !string.IsNullOrEmpty(result.Error));
        }
    }

    [Fact]
    public void RejectsOutputLongerThanTheLimit()
    {
        var output = "{\"intent\":\"other\",\"confidence\":0.9,\"product\":null,\"info_type\":null,\"reply\":null" + new string(' ', LlmOutputValidator.MaxOutputLength) + "}";

        Assert.Contains("longer than", LlmOutputValidator.Validate(output).Error, StringComparison.Ordinal);
    }
}
