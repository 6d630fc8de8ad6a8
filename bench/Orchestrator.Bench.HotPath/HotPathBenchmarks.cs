using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Understanding;
using Orleans.Serialization;

namespace Orchestrator.Bench.HotPath;

/// <summary>Each step a message takes in the silo when its answer is not cached, on a 20-product shop.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Message = "Merhaba, SATEN GECELİK fiyatı ne kadar acaba??";
    private const string ModelOutput = """{"intent":"product_price","confidence":0.94,"product":"saten gecelik","info_type":null,"reply":null}""";

    private TenantCatalogue _catalogue = null!;
    private ProductMatcher _matcher = null!;
    private MessageUnderstanding _understanding = null!;
    private Serializer _serializer = null!;
    private AnswerRequest _request = null!;
    private BotAnswer _answer = null!;
    private byte[] _requestBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UnixEpoch;
        var products = BenchCatalogue.ProductNames.Select((name, i) => new ProductInfo($"p{i}", name, 100 + i, 10, now)).ToImmutableArray();
        var meta = BenchCatalogue.Meta.ToImmutableSortedDictionary(StringComparer.Ordinal);
        _catalogue = new TenantCatalogue(new BusinessProfile("shop", "Bench Butik", "Merhaba!", meta, now, now, 1), products);
        _matcher = new ProductMatcher(products);
        _understanding = LlmOutputValidator.Validate(ModelOutput).Understanding!;
        _serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(AnswerRequest).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();
        _request = new AnswerRequest(Message, "p3",
            [new ConversationTurn("merhaba", "Merhaba! Size nasıl yardımcı olabilirim?", now)], 0);
        _answer = new BotAnswer(AnswerStatus.Answered, "Saten Gecelik\nFiyat: 100.00 TL", "product_price", 0.94, "p0", null, ModelOutput, "gemini-ft-1", FromCache: true);
        _requestBytes = _serializer.SerializeToArray(_request);
    }

    [Benchmark]
    public string Normalize() => TurkishText.Normalize(Message);

    /// <summary>A phrase this catalogue version has matched before (repeated questions): a lookup.</summary>
    [Benchmark]
    public ProductMatch MatchProduct() => _matcher.Match("saten gecelik");

    /// <summary>The first time a phrase is matched on a catalogue version: scoring the products its words name.</summary>
    [Benchmark]
    public ProductMatch MatchProductFirstTime() => _matcher.Find("saten gecelik");

    [Benchmark]
    public LlmValidation ValidateModelOutput() => LlmOutputValidator.Validate(ModelOutput);

    [Benchmark]
    public RoutedAnswer Route() => AnswerRouter.Route(_understanding, _catalogue, null);

    [Benchmark]
    public byte[] SerializeAnswerRequest() => _serializer.SerializeToArray(_request);

    [Benchmark]
    public AnswerRequest DeserializeAnswerRequest() => _serializer.Deserialize<AnswerRequest>(_requestBytes)!;

    [Benchmark]
    public byte[] SerializeBotAnswer() => _serializer.SerializeToArray(_answer);
}
