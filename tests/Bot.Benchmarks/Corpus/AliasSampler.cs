namespace Bot.Benchmarks.Corpus;

/// <summary>
/// Walker/Vose alias table: draws an index with the given weights in O(1), so that tens of millions of words can
/// be drawn from a Zipf distribution over a few hundred thousand ranks in seconds.
/// </summary>
internal sealed class AliasSampler
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public AliasSampler(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var n = weights.Count;
        if (n == 0)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        _probability = new double[n];
        _alias = new int[n];
        var total = weights.Sum();
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1.0 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var less = small.Pop();
            var more = large.Pop();
            _probability[less] = scaled[less];
            _alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1.0;
            (scaled[more] < 1.0 ? small : large).Push(more);
        }

        foreach (var i in large.Concat(small))
        {
            _probability[i] = 1.0;
            _alias[i] = i;
        }
    }

    public int Count => _probability.Length;

    /// <summary>Weights 1 / (rank + offset)^exponent for ranks 1..count (index 0 is rank 1).</summary>
    public static AliasSampler Zipf(int count, double exponent, int offset = 0)
    {
        var weights = new double[count];
        for (var i = 0; i < count; i++)
        {
            weights[i] = 1.0 / Math.Pow(i + 1 + offset, exponent);
        }

        return new AliasSampler(weights);
    }

    public int Sample(SeedRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var i = random.Next(_probability.Length);
        return random.NextDouble() < _probability[i] ? i : _alias[i];
    }
}
