using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>One labelled message of the training set.</summary>
/// <param name="LineNumber">Where the example is in its source (1-based), for error messages.</param>
/// <param name="InfoType">For <see cref="Intent.BusinessInfo"/>, the meta key asked about; otherwise null.</param>
/// <param name="Text">The message without the product markers.</param>
/// <param name="ProductStart">Where the marked product phrase starts in <paramref name="Text"/>; -1 when none.</param>
/// <param name="ProductLength">The length of the marked product phrase; 0 when none.</param>
public sealed record TrainingExample(
    int LineNumber,
    Intent Intent,
    string? InfoType,
    string Text,
    int ProductStart = -1,
    int ProductLength = 0)
{
    public bool HasProduct => ProductLength > 0;

    /// <summary>The marked product phrase as written, or null.</summary>
    public string? Product => HasProduct ? Text.Substring(ProductStart, ProductLength) : null;

    /// <summary>The label as the file writes it: the intent, and for business_info <c>:key</c>.</summary>
    public string Label => InfoType is null ? Intent.ToWire() : $"{Intent.ToWire()}:{InfoType}";
}

/// <summary>
/// The labelled messages the local model learns from, parsed from the tab-separated format documented at the top
/// of <c>training-set.tsv</c>.
/// </summary>
public sealed class IntentTrainingSet
{
    private const string ResourceName = "Orchestrator.Grains.Understanding.LocalModel.training-set.tsv";

    private static readonly Lazy<IntentTrainingSet> EmbeddedSet =
        new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private IntentTrainingSet(IReadOnlyList<TrainingExample> examples, string hash)
    {
        Examples = examples;
        Hash = hash;
    }

    public IReadOnlyList<TrainingExample> Examples { get; }

    /// <summary>The first 8 hex digits of the SHA-256 of the source text: changes whenever the data changes.</summary>
    public string Hash { get; }

    /// <summary>The training set shipped inside this assembly.</summary>
    public static IntentTrainingSet Embedded => EmbeddedSet.Value;

    /// <summary>Parses the tab-separated format. Throws <see cref="FormatException"/> naming the bad line.</summary>
    public static IntentTrainingSet Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var examples = new List<TrainingExample>();
        var lineNumber = 0;
        foreach (var rawLine in source.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            examples.Add(ParseLine(line, lineNumber));
        }

        if (examples.Count == 0)
        {
            throw new FormatException("The training set has no examples.");
        }

        return new IntentTrainingSet(examples, HashOf(source));
    }

    /// <summary>A training set of some of these examples (for cross-validation), with its own hash.</summary>
    public IntentTrainingSet Subset(IEnumerable<int> indices)
    {
        var chosen = indices.Select(i => Examples[i]).ToArray();
        if (chosen.Length == 0)
        {
            throw new ArgumentException("A training set needs at least one example.", nameof(indices));
        }

        var text = string.Join('\n', chosen.Select(e => $"{e.Label}\t{e.Text}\t{e.ProductStart}\t{e.ProductLength}"));
        return new IntentTrainingSet(chosen, HashOf(text));
    }

    private static TrainingExample ParseLine(string line, int lineNumber)
    {
        var tab = line.IndexOf('\t');
        if (tab <= 0 || line.IndexOf('\t', tab + 1) >= 0)
        {
            throw new FormatException($"Line {lineNumber}: expected exactly two tab-separated columns.");
        }

        var label = line[..tab];
        var marked = line[(tab + 1)..];
        var colon = label.IndexOf(':');
        var intentName = colon < 0 ? label : label[..colon];
        if (!IntentNames.TryParse(intentName, out var intent))
        {
            throw new FormatException($"Line {lineNumber}: unknown intent '{intentName}'.");
        }

        string? infoType = null;
        if (intent == Intent.BusinessInfo)
        {
            infoType = colon < 0 ? "" : label[(colon + 1)..];
            if (infoType.Length == 0 || TurkishText.Normalize(infoType.Replace('_', ' ')).Length == 0)
            {
                throw new FormatException($"Line {lineNumber}: business_info needs a meta key (business_info:kargo).");
            }
        }
        else if (colon >= 0)
        {
            throw new FormatException($"Line {lineNumber}: only business_info takes a meta key.");
        }

        var (text, start, length) = StripProductMarkers(marked, lineNumber);
        if (text.Trim().Length == 0)
        {
            throw new FormatException($"Line {lineNumber}: the message is empty.");
        }

        return new TrainingExample(lineNumber, intent, infoType, text, start, length);
    }

    private static (string Text, int Start, int Length) StripProductMarkers(string marked, int lineNumber)
    {
        var open = marked.IndexOf('[');
        var close = marked.IndexOf(']');
        if (open < 0 && close < 0)
        {
            return (marked, -1, 0);
        }

        if (open < 0 || close < open || marked.IndexOf('[', open + 1) >= 0 || marked.IndexOf(']', close + 1) >= 0)
        {
            throw new FormatException($"Line {lineNumber}: expected at most one [product] marker.");
        }

        var text = string.Concat(marked.AsSpan(0, open), marked.AsSpan(open + 1, close - open - 1), marked.AsSpan(close + 1));
        var start = open;
        var length = close - open - 1;

        // The product is learned per word, so a marker must cover whole words exactly.
        var tokens = MessageTokenizer.Tokenize(text);
        var first = Array.FindIndex(tokens, t => t.Start == start);
        var last = Array.FindIndex(tokens, t => t.End == start + length);
        if (length == 0 || first < 0 || last < first)
        {
            throw new FormatException($"Line {lineNumber}: the [product] marker must wrap whole words.");
        }

        return (text, start, length);
    }

    private static IntentTrainingSet LoadEmbedded()
    {
        using var stream = typeof(IntentTrainingSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    private static string HashOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}
