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

    /// <summary>Build: passages the real model embedded (with pseudo vectors, the questions' own; null when all or none).</summary>
    public int? ModelEmbedded { get; init; }

    /// <summary>Serve, first round: answers of each outcome ("answered", "related", "declined").</summary>
    public Dictionary<string, int>? Outcomes { get; init; }

    /// <summary>Serve, one thread, every round: wall time inside the model per answer (the question's embedding and any probe).</summary>
    public LatencySummary? ModelPerAnswer { get; init; }

    /// <summary>Serve, one thread: model calls per answer, mean (1, or 2 when the answer probes the question's missing words).</summary>
    public double ModelCallsPerAnswer { get; init; }

    /// <summary>Serve, one thread: texts embedded per answer, mean (the question, plus one per probed word).</summary>
    public double ModelTextsPerAnswer { get; init; }

    /// <summary>Serve, one thread: share of answers that made a second model call (the word probe).</summary>
    public double ProbedShare { get; init; }

    /// <summary>Serve: each question embedded alone once, one thread: the model's floor under every answer.</summary>
    public LatencySummary? QueryEmbedding { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PhaseResult))]
[JsonSerializable(typeof(ReloadResult))]
[JsonSerializable(typeof(string))]
internal sealed partial class HarnessJsonContext : JsonSerializerContext;
