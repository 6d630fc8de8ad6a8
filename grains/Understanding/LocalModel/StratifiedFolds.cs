namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>Deterministic stratified k-fold assignment: every label is spread evenly over the folds.</summary>
public static class StratifiedFolds
{
    /// <summary>The fold (0..k-1) of each example, in the order of <paramref name="labels"/>.</summary>
    public static int[] Assign(IReadOnlyList<string> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var random = new Random(seed);
        var assignment = new int[labels.Count];
        var next = 0;
        foreach (var group in Enumerable.Range(0, labels.Count)
            .GroupBy(i => labels[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToArray();
            random.Shuffle(members);

            // Continue the round-robin where the previous label stopped, so small labels do not all land in fold 0.
            foreach (var index in members)
            {
                assignment[index] = next;
                next = (next + 1) % folds;
            }
        }

        return assignment;
    }
}
