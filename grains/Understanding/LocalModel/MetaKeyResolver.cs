using System.Runtime.CompilerServices;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// Turns the meta key the model learned (<c>kargo</c>, <c>iade</c>, ...) into the tenant's own key. Tenants name
/// their keys freely (<c>iade_politikasi</c>, <c>teslimat_suresi</c>, <c>garanti</c>), so a learned key is matched
/// to the tenant's keys by normalised words and, failing that, by asking the meta-key classifier what the tenant's
/// key itself is about. A message that clearly names one of the tenant's keys ("garanti süresi ne kadar?" for a
/// tenant with <c>garanti</c>) wins when that key is about the learned topic (a tenant with both <c>kargo</c> and
/// <c>teslimat_suresi</c> asked "teslimat süresi ne kadar?"), and also over a learned key the classifier is unsure
/// of or the tenant lacks. When nothing maps, the learned key is returned as is and the router escalates the
/// missing key.
/// </summary>
internal sealed class MetaKeyResolver(TextClassifier infoClassifier)
{
    /// <summary>Above this probability the learned key is kept even when the message names another tenant key.</summary>
    private const double ConfidentKey = 0.6;

    /// <summary>A tenant key whose own words the classifier puts in a learned key's class with this probability maps to it.</summary>
    private const double KeyClassification = 0.5;

    private readonly ConditionalWeakTable<IReadOnlyList<string>, TenantKeys> _tenants = [];

    /// <param name="label">The learned key the classifier chose.</param>
    /// <param name="probability">The classifier's probability for it.</param>
    /// <param name="tokens">The message's words.</param>
    /// <param name="tenantKeys">The tenant's meta keys; when empty, the learned key is returned as is.</param>
    public string Resolve(string label, double probability, MessageToken[] tokens, IReadOnlyList<string>? tenantKeys)
    {
        if (tenantKeys is null || tenantKeys.Count == 0)
        {
            return label;
        }

        var tenant = _tenants.GetValue(tenantKeys, keys => new TenantKeys(keys, infoClassifier));
        var candidates = tenant.ForLabel(label);
        var named = tenant.NamedIn(tokens);
        var namedCandidate = candidates.FirstOrDefault(named.Contains);
        if (namedCandidate is not null)
        {
            return namedCandidate;
        }

        if (candidates.Count > 0 && (named.Count == 0 || probability >= ConfidentKey))
        {
            return candidates[0];
        }

        return named.Count > 0 ? named[0] : label;
    }

    private static string[] WordsOf(string key) => TurkishText.Tokenize(key.Replace('_', ' '));

    private sealed class TenantKeys
    {
        private readonly (string Key, string[] Words)[] _keys;
        private readonly Dictionary<string, IReadOnlyList<string>> _byLabel = new(StringComparer.Ordinal);
        private readonly TextClassifier _classifier;
        private readonly Lock _gate = new();

        public TenantKeys(IReadOnlyList<string> keys, TextClassifier classifier)
        {
            _classifier = classifier;
            _keys = keys
                .Where(k => !string.IsNullOrWhiteSpace(k))
                .Select(k => (Key: k, Words: WordsOf(k)))
                .Where(k => k.Words.Length > 0)
                .ToArray();
        }

        /// <summary>The tenant keys about a learned key, best match first (same words, then containing words, then classified).</summary>
        public IReadOnlyList<string> ForLabel(string label)
        {
            lock (_gate)
            {
                if (!_byLabel.TryGetValue(label, out var key))
                {
                    _byLabel[label] = key = Map(label);
                }

                return key;
            }
        }

        /// <summary>The tenant keys all of whose words appear in the message, in the order the message names them.</summary>
        public List<string> NamedIn(MessageToken[] tokens) => _keys
            .Select(k => (k.Key, Position: PositionIn(k.Words, tokens)))
            .Where(k => k.Position >= 0)
            .OrderBy(k => k.Position)
            .Select(k => k.Key)
            .ToList();

        private List<string> Map(string label)
        {
            var labelWords = WordsOf(label);
            return _keys
                .Select(k => (k.Key, k.Words, Tier: Tier(labelWords, label, k.Words)))
                .Where(k => k.Tier >= 0)
                .OrderBy(k => k.Tier)
                .ThenBy(k => k.Words.Length)
                .ThenBy(k => k.Key, StringComparer.Ordinal)
                .Select(k => k.Key)
                .ToList();
        }

        private int Tier(string[] labelWords, string label, string[] keyWords)
        {
            if (labelWords.AsSpan().SequenceEqual(keyWords))
            {
                return 0;
            }

            if (labelWords.All(l => keyWords.Any(k => WordStems.SameWord(l, k))))
            {
                return 1;
            }

            if (keyWords.All(k => labelWords.Any(l => WordStems.SameWord(l, k))))
            {
                return 2;
            }

            // "teslimat_suresi" says nothing about "kargo" in words, but the classifier learned that it does.
            var probabilities = _classifier.Predict(string.Join(' ', keyWords));
            var index = _classifier.IndexOf(label);
            var top = probabilities.AsSpan().IndexOf(probabilities.Max());
            return index >= 0 && index == top && probabilities[index] >= KeyClassification ? 3 : -1;
        }

        private static int PositionIn(string[] keyWords, MessageToken[] tokens)
        {
            var first = -1;
            foreach (var keyWord in keyWords)
            {
                var at = Array.FindIndex(tokens, t => WordStems.SameWord(t.Normalized, keyWord));
                if (at < 0)
                {
                    return -1;
                }

                first = first < 0 ? at : Math.Min(first, at);
            }

            return first;
        }
    }
}
