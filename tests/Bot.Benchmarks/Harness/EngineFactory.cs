using Bot.Benchmarks.Corpus;
using Bot.Benchmarks.Engines;

namespace Bot.Benchmarks.Harness;

/// <summary>The sides of every run, and where each keeps its index inside the work folder.</summary>
internal static class EngineFactory
{
    /// <summary>
    /// The bot on its default path, with the embedding model (<c>Search:Semantic</c> true): passage vectors built with
    /// the index, each question embedded. With <see cref="BenchOptions.PseudoVectors"/>, over pseudo-random passage vectors.
    /// </summary>
    public const string Ours = "ours";

    /// <summary>The bot by words alone (<c>Search:Semantic=false</c>, and the fallback when the model cannot load).</summary>
    public const string OursWords = "ours-words";

    public const string Fts5 = "fts5";

    /// <summary>The engine named <paramref name="engine"/>.</summary>
    public static IAnswerEngine Create(string engine, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return engine switch
        {
            Ours when options.PseudoVectors => new BotEngine(BotPath.PseudoVectors, ModelPassages(options)),
            Ours => new BotEngine(BotPath.Model),
            OursWords => new BotEngine(BotPath.Words),
            Fts5 => new Fts5Engine(options.Fts5Snippet),
            _ => throw new ArgumentException($"unknown engine '{engine}' (ours, ours-words or fts5)", nameof(engine)),
        };
    }

    /// <summary>The index of <paramref name="engine"/> in <paramref name="workDirectory"/> (pseudo vectors get their own).</summary>
    public static string IndexPath(string engine, string workDirectory, bool pseudoVectors = false) => engine switch
    {
        Fts5 => Path.Combine(workDirectory, "fts5.db"),
        OursWords => Path.Combine(workDirectory, "index-bot-words"),
        _ => Path.Combine(workDirectory, pseudoVectors ? "index-bot-pseudo" : "index-bot"),
    };

    public static string IndexPath(string engine, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IndexPath(engine, options.WorkDirectory, options.PseudoVectors);
    }

    /// <summary>
    /// The passages the real model embeds when the others get pseudo-random vectors: the source passages of the questions
    /// the run asks (none when the work folder has no question file).
    /// </summary>
    private static IEnumerable<string> ModelPassages(BenchOptions options)
    {
        var path = Path.Combine(options.WorkDirectory, CorpusQuestion.FileName);
        return File.Exists(path) ? CorpusQuestion.ReadAll(path, options.Questions).Select(q => q.Passage) : [];
    }

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
