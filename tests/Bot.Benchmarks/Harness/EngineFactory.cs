using Bot.Benchmarks.Engines;

namespace Bot.Benchmarks.Harness;

/// <summary>The two sides of every run, and where each keeps its index inside the work folder.</summary>
internal static class EngineFactory
{
    public const string Ours = "ours";
    public const string Fts5 = "fts5";

    /// <summary>The bot's engine with the embedding model: passage vectors built with the index, answers re-ranked.</summary>
    public const string OursWithModel = "ours-model";

    /// <summary>
    /// Set to <c>standin</c> to run the plain-Lucene stand-in as "ours" instead of the bot's engine (for comparison);
    /// an environment variable, so that the phase processes a run starts inherit it.
    /// </summary>
    public const string OursVariable = "BOT_BENCH_OURS";

    /// <summary>True when "ours" is the plain-Lucene stand-in rather than the bot's engine.</summary>
    public static bool UseStandIn =>
        string.Equals(Environment.GetEnvironmentVariable(OursVariable), "standin", StringComparison.OrdinalIgnoreCase);

    /// <summary>"ours" is the bot's engine (<see cref="BotEngine"/>), or the stand-in with BOT_BENCH_OURS=standin.</summary>
    public static IAnswerEngine Create(string engine, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return engine switch
        {
            Ours => UseStandIn ? new LuceneStandInEngine() : new BotEngine(),
            OursWithModel => new BotEngine(withModel: true),
            Fts5 => new Fts5Engine(options.Fts5Snippet),
            _ => throw new ArgumentException($"unknown engine '{engine}' (ours, ours-model or fts5)", nameof(engine)),
        };
    }

    public static string IndexPath(string engine, string workDirectory) =>
        engine == Fts5 ? Path.Combine(workDirectory, "fts5.db")
        : engine == OursWithModel ? Path.Combine(workDirectory, "index-bot-model")
        : Path.Combine(workDirectory, UseStandIn ? "index-ours" : "index-bot");

    /// <summary>Bytes on disk of a folder's files, or of a file with its SQLite side files.</summary>
    public static long SizeOnDisk(string path)
    {
        if (Directory.Exists(path))
        {
            return new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }

        return Fts5Engine.SideFileSuffixes
            .Select(suffix => new FileInfo(path + suffix))
            .Where(f => f.Exists)
            .Sum(f => f.Length);
    }
}
