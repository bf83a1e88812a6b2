using Bot.Benchmarks.Engines;

namespace Bot.Benchmarks.Harness;

/// <summary>The two sides of every run, and where each keeps its index inside the work folder.</summary>
internal static class EngineFactory
{
    public const string Ours = "ours";
    public const string Fts5 = "fts5";

    /// <summary>The bot's engine with the embedding model: passage vectors built with the index, answers re-ranked.</summary>
    public const string OursWithModel = "ours-model";

    /// <summary>The engine named <paramref name="engine"/>.</summary>
    public static IAnswerEngine Create(string engine, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return engine switch
        {
            Ours => new BotEngine(),
            OursWithModel => new BotEngine(withModel: true),
            Fts5 => new Fts5Engine(options.Fts5Snippet),
            _ => throw new ArgumentException($"unknown engine '{engine}' (ours, ours-model or fts5)", nameof(engine)),
        };
    }

    public static string IndexPath(string engine, string workDirectory) =>
        engine == Fts5 ? Path.Combine(workDirectory, "fts5.db")
        : engine == OursWithModel ? Path.Combine(workDirectory, "index-bot-model")
        : Path.Combine(workDirectory, "index-bot");

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
