using Bot.Benchmarks.Engines;

namespace Bot.Benchmarks.Harness;

/// <summary>The two sides of every run, and where each keeps its index inside the work folder.</summary>
internal static class EngineFactory
{
    public const string Ours = "ours";
    public const string Fts5 = "fts5";

    /// <summary>
    /// "ours" is the plain-Lucene stand-in until the bot's engine lands; the engine owner swaps in an adapter over
    /// the real calls here (one line) without touching the harness.
    /// </summary>
    public static IAnswerEngine Create(string engine, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return engine switch
        {
            Ours => new LuceneStandInEngine(),
            Fts5 => new Fts5Engine(options.Fts5Snippet),
            _ => throw new ArgumentException($"unknown engine '{engine}' (ours or fts5)", nameof(engine)),
        };
    }

    public static string IndexPath(string engine, string workDirectory) =>
        engine == Fts5 ? Path.Combine(workDirectory, "fts5.db") : Path.Combine(workDirectory, "index-ours");

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
