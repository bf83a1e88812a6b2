using System.Text.Json.Serialization;

namespace Bot.Benchmarks.Harness;

/// <summary>What one phase measured in its own process; printed by the child as its last line, read by the parent.</summary>
internal sealed record PhaseResult
{
    public required string Engine { get; init; }

    public required string Phase { get; init; }

    public int Passages { get; init; }

    public double Seconds { get; init; }

    public double IndexMb { get; init; }

    public double SeedMb { get; init; }

    public LatencySummary? OneThread { get; init; }

    public LatencySummary? TwoThreads { get; init; }

    /// <summary>CPU time of the answering thread per answer (1 thread): the answer's own work, without waiting for a core.</summary>
    public LatencySummary? OneThreadCpu { get; init; }

    /// <summary>Managed bytes the answering thread allocated per answer (1 thread), KiB: a load-independent measure of work.</summary>
    public double AllocatedKbPerAnswer { get; init; }

    public double OneThreadQps { get; init; }

    public double TwoThreadQps { get; init; }

    /// <summary>Share of questions whose source passage is among the three quoted (first measured round).</summary>
    public double HitAt3 { get; init; }

    public double PeakRssMb { get; init; }

    public double RssMb { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PhaseResult))]
[JsonSerializable(typeof(string))]
internal sealed partial class HarnessJsonContext : JsonSerializerContext;
