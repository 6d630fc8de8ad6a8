using System.Collections.Frozen;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// A trained <see cref="TextClassifier"/> taken out of ML.NET: the n-gram vocabularies of its text features and
/// the maximum-entropy weights, scored directly. It computes what ML.NET's prediction engine computes for the
/// same normalised text (word unigrams and bigrams split on spaces, character n-grams with start and end markers,
/// term frequencies, each block L2-normalised, then softmax of the linear scores) in a few microseconds and
/// without ML.NET's per-row buffers and delegates; a test holds the two to the same probabilities.
/// </summary>
internal sealed class LinearTextModel
{
    private const string WordPrefix = "Word.";
    private const string CharPrefix = "Char.";

    private readonly NgramBlock _textWords;
    private readonly NgramBlock _textChars;
    private readonly NgramBlock _stemWords;

    /// <summary>Slot-major weights: the weights of feature slot <c>s</c> are <c>[s * classes, (s + 1) * classes)</c>.</summary>
    private readonly float[] _weights;
    private readonly float[] _biases;

    private LinearTextModel(NgramBlock textWords, NgramBlock textChars, NgramBlock stemWords, float[] weights, float[] biases)
    {
        _textWords = textWords;
        _textChars = textChars;
        _stemWords = stemWords;
        _weights = weights;
        _biases = biases;
    }

    public int Classes => _biases.Length;

    /// <summary>
    /// Reads the vocabularies from the slot names of the two featurized columns (<c>Word.a|b</c>, <c>Char.&lt;␂&gt;|a</c>)
    /// and the weights from the trained maximum-entropy model.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model's slots are not in the expected form.</exception>
    public static LinearTextModel From(
        DataViewSchema schema, string textColumn, string stemColumn, MaximumEntropyModelParameters parameters, int charNgramLength)
    {
        var textSlots = SlotNames(schema[textColumn]);
        var stemSlots = SlotNames(schema[stemColumn]);
        var textWords = new NgramBuilder(2, chars: false);
        var textChars = new NgramBuilder(charNgramLength, chars: true);
        var stemWords = new NgramBuilder(2, chars: false);
        for (var slot = 0; slot < textSlots.Length; slot++)
        {
            var name = textSlots[slot];
            if (name.StartsWith(WordPrefix, StringComparison.Ordinal))
            {
                textWords.Add(name.AsSpan(WordPrefix.Length), slot);
            }
            else if (name.StartsWith(CharPrefix, StringComparison.Ordinal))
            {
                textChars.Add(name.AsSpan(CharPrefix.Length), slot);
            }
            else
            {
                throw new InvalidOperationException($"Unexpected text feature slot '{name}'.");
            }
        }

        for (var slot = 0; slot < stemSlots.Length; slot++)
        {
            // With words only, ML.NET names the slots without the block's prefix.
            var name = stemSlots[slot];
            var ngram = name.StartsWith(WordPrefix, StringComparison.Ordinal) ? name.AsSpan(WordPrefix.Length) : name;
            stemWords.Add(ngram, textSlots.Length + slot);
        }

        VBuffer<float>[] classWeights = [];
        parameters.GetWeights(ref classWeights, out var classes);
        var biases = parameters.GetBiases().ToArray();
        var dimension = textSlots.Length + stemSlots.Length;
        if (classes != biases.Length || classWeights.Length != classes || classWeights.Any(w => w.Length != dimension))
        {
            throw new InvalidOperationException(
                $"The model has {classes} classes over {classWeights.FirstOrDefault().Length} features; the columns have {dimension} slots.");
        }

        var weights = new float[dimension * classes];
        for (var c = 0; c < classes; c++)
        {
            foreach (var (slot, value) in classWeights[c].Items())
            {
                weights[(slot * classes) + c] = value;
            }
        }

        return new LinearTextModel(textWords.Build(), textChars.Build(), stemWords.Build(), weights, biases);
    }

    /// <summary>The class probabilities, in the model's class order.</summary>
    /// <param name="text">The normalised text (<see cref="TurkishText.Normalize"/>: words of letters and digits, single spaces).</param>
    /// <param name="stems">The words' prefixes, space-separated.</param>
    public float[] Predict(string text, string stems)
    {
        var classes = _biases.Length;
        Span<double> scores = stackalloc double[classes];
        for (var c = 0; c < classes; c++)
        {
            scores[c] = _biases[c];
        }

        var scratch = Scratch.For(_weights.Length / classes);
        _textWords.AddWords(text, scratch);
        AddBlock(scratch, scores);
        _textChars.AddChars(text, scratch);
        AddBlock(scratch, scores);
        _stemWords.AddWords(stems, scratch);
        AddBlock(scratch, scores);

        // Softmax, as ML.NET's maximum-entropy model computes it (shifted by the largest score).
        var max = double.NegativeInfinity;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }

        var sum = 0.0;
        for (var c = 0; c < classes; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            sum += scores[c];
        }

        var probabilities = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            probabilities[c] = (float)(scores[c] / sum);
        }

        return probabilities;
    }

    /// <summary>Adds one block's term frequencies, L2-normalised, to the scores, and empties the counts.</summary>
    private void AddBlock(Scratch scratch, Span<double> scores)
    {
        var touched = scratch.Touched;
        if (touched.Count == 0)
        {
            return;
        }

        var counts = scratch.Counts;
        var squares = 0.0;
        foreach (var slot in touched)
        {
            squares += (double)counts[slot] * counts[slot];
        }

        var norm = 1 / Math.Sqrt(squares);
        var classes = _biases.Length;
        foreach (var slot in touched)
        {
            var value = counts[slot] * norm;
            counts[slot] = 0;
            var row = _weights.AsSpan(slot * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                scores[c] += value * row[c];
            }
        }

        touched.Clear();
    }

    private static string[] SlotNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>
    /// The n-grams of one block: token ids (words, or characters with the start/end markers), and the feature slot
    /// of each n-gram, keyed by its token ids packed into 64 bits.
    /// </summary>
    private sealed class NgramBlock(FrozenDictionary<string, int> tokens, FrozenDictionary<ulong, int> slots, int maxLength, int bits)
    {
        /// <summary>The character-stream ids of the start and end markers.</summary>
        public const int Start = 0;
        public const int End = 1;

        private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _tokens = tokens.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>The ids of one-character tokens, for the character stream.</summary>
        private readonly FrozenDictionary<char, int> _chars = tokens.Where(t => t.Key.Length == 1).ToFrozenDictionary(t => t.Key[0], t => t.Value);

        public void AddWords(string text, Scratch scratch)
        {
            if (text.Length == 0)
            {
                return;
            }

            var ids = scratch.Ids;
            foreach (var range in text.AsSpan().Split(' '))
            {
                ids.Add(_tokens.TryGetValue(text.AsSpan(range), out var id) ? id : -1);
            }

            Count(scratch);
        }

        public void AddChars(string text, Scratch scratch)
        {
            if (text.Length == 0)
            {
                return;
            }

            var ids = scratch.Ids;
            ids.Add(Start);
            foreach (var c in text)
            {
                ids.Add(_chars.TryGetValue(c, out var id) ? id : -1);
            }

            ids.Add(End);
            Count(scratch);
        }

        /// <summary>
        /// Every n-gram of known tokens up to the block's length that training saw (an unknown token breaks n-grams, as
        /// in ML.NET). Training counted every shorter n-gram too, so an unseen n-gram ends the longer ones at its start.
        /// </summary>
        private void Count(Scratch scratch)
        {
            var ids = CollectionsMarshal.AsSpan(scratch.Ids);
            var counts = scratch.Counts;
            for (var i = 0; i < ids.Length; i++)
            {
                var key = 0UL;
                for (var n = 0; n < maxLength && i + n < ids.Length && ids[i + n] >= 0; n++)
                {
                    key = (key << bits) | (uint)(ids[i + n] + 1);
                    if (!slots.TryGetValue(key, out var slot))
                    {
                        break;
                    }

                    if (counts[slot]++ == 0)
                    {
                        scratch.Touched.Add(slot);
                    }
                }
            }

            scratch.Ids.Clear();
        }
    }

    /// <summary>A thread's working memory for one prediction: token ids, and the counts of the slots it touched.</summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? _current;

        public int[] Counts { get; private set; } = [];

        public List<int> Touched { get; } = new(256);

        public List<int> Ids { get; } = new(256);

        /// <summary>The thread's scratch with room for <paramref name="slots"/> counts (all zero between predictions).</summary>
        public static Scratch For(int slots)
        {
            var scratch = _current ??= new Scratch();
            if (scratch.Counts.Length < slots)
            {
                scratch.Counts = new int[slots];
            }

            return scratch;
        }
    }

    private sealed class NgramBuilder
    {
        /// <summary>The start and end markers' names: no one-character lookup can produce them.</summary>
        private const string StartMarker = "\0start";
        private const string EndMarker = "\0end";

        private readonly int _maxLength;
        private readonly bool _chars;
        private readonly Dictionary<string, int> _tokens = new(StringComparer.Ordinal);
        private readonly List<(int[] Ids, int Slot)> _ngrams = [];

        public NgramBuilder(int maxLength, bool chars)
        {
            _maxLength = maxLength;
            _chars = chars;
            if (chars)
            {
                _tokens[StartMarker] = NgramBlock.Start;
                _tokens[EndMarker] = NgramBlock.End;
            }
        }

        public void Add(ReadOnlySpan<char> name, int slot)
        {
            var parts = name.ToString().Split('|');
            if (parts.Length > _maxLength)
            {
                throw new InvalidOperationException($"The n-gram '{name}' is longer than {_maxLength}.");
            }

            var ids = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                var token = _chars ? CharToken(parts[i], name) : parts[i];
                if (!_tokens.TryGetValue(token, out ids[i]))
                {
                    ids[i] = _tokens.Count;
                    _tokens[token] = ids[i];
                }
            }

            _ngrams.Add((ids, slot));
        }

        public NgramBlock Build()
        {
            var bits = 64 / _maxLength;
            if (_tokens.Count >= (1L << bits) - 1)
            {
                throw new InvalidOperationException($"{_tokens.Count} tokens do not fit {bits}-bit n-gram keys.");
            }

            var slots = new Dictionary<ulong, int>();
            foreach (var (ids, slot) in _ngrams)
            {
                var key = 0UL;
                foreach (var id in ids)
                {
                    key = (key << bits) | (uint)(id + 1);
                }

                slots.Add(key, slot);
            }

            return new NgramBlock(_tokens.ToFrozenDictionary(StringComparer.Ordinal), slots.ToFrozenDictionary(), _maxLength, bits);
        }

        /// <summary>
        /// A character as ML.NET names it in slot names: <c>&lt;␂&gt;</c> and <c>&lt;␃&gt;</c> for the start and end of
        /// the text, <c>&lt;␠&gt;</c> for a space, the character itself otherwise.
        /// </summary>
        private static string CharToken(string part, ReadOnlySpan<char> name) => part switch
        {
            "<\u2402>" => StartMarker,
            "<\u2403>" => EndMarker,
            "<\u2420>" => " ",
            { Length: 1 } => part,
            _ => throw new InvalidOperationException($"Unexpected character '{part}' in the n-gram '{name}'."),
        };
    }
}
