namespace Bot.Benchmarks.Harness;

/// <summary>Latency summary of one run, from all samples sorted (no histogram buckets, no interpolation).</summary>
internal sealed record LatencySummary(int Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    /// <summary>Summarises <paramref name="samplesMs"/>; sorts it in place.</summary>
    public static LatencySummary From(double[] samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        if (samplesMs.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        Array.Sort(samplesMs);
        return new LatencySummary(
            samplesMs.Length,
            samplesMs.Average(),
            Percentile(samplesMs, 50),
            Percentile(samplesMs, 90),
            Percentile(samplesMs, 99),
            samplesMs[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted samples: the smallest sample with at least p% of samples at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
