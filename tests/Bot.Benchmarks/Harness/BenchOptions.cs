using System.Globalization;

namespace Bot.Benchmarks.Harness;

/// <summary>Command line of the benchmark harness (see <see cref="Usage"/>).</summary>
internal sealed class BenchOptions
{
    public const string Usage =
        """
        usage:
          Bot.Benchmarks --passages N [--questions Q] [--work DIR] [--seed S] [--rounds R] [--warmup W] [--warmup-s S] [--builds B]
                         [--pseudo-vectors] [--words] [--reuse-index] [--fts5-snippet]
              generate (or reuse) a corpus of N passages and Q questions in DIR; build the bot's index on its default path
              (with the embedding model: passage vectors for every passage, ~20 passages/s, so built once) and FTS5's
              B times (alternating, each build a fresh process; the median build is reported); serve the questions R
              times after W warm-up answers (and at least S seconds of them); print a table and, last, one JSON line.
              --pseudo-vectors: passage vectors without the model (pseudo-random unit vectors seeded by each passage's
              text; the questions' own passages embedded by the model), built B times; questions are still embedded by
              the model on every answer. --words: also the bot by words alone (the path without the model).
              --reuse-index: serve the indexes already in DIR and report the builds that made them.
          Bot.Benchmarks --passages N [--questions Q] [--work DIR] [--seed S] --generate-only
              write DIR/seeds/*.md and DIR/questions.jsonl only.
          Bot.Benchmarks --phase build|serve --engine ours|ours-words|fts5 --passages N --work DIR [--pseudo-vectors] [--samples FILE.csv] [--answers FILE.jsonl]
              one phase in this process (as the full run starts it), printing its result as JSON; --samples
              writes each first-round answer's latency with its question, to see which questions make the tail;
              --answers writes each first-round answer (passage ids and message), to diff the answers of two builds.
          Bot.Benchmarks --cold-start PATH_TO_BOT --seeds DIR [--runs R] [--question TEXT] [--work DIR]
              time `bot ask TEXT` from process start to exit (answer printed), R runs after one untimed run.
          Bot.Benchmarks --reload SEEDS [--runs R] [--work DIR]
              a serving bot's live reindex: copy SEEDS to DIR/seeds (once), index it with the model, serve it with the
              seeds watcher running, then R times add a new Markdown document and time until a question about it is
              answered with it.
        defaults: --questions min(1000, N) --seed 42 --rounds 5 --warmup 1000 --warmup-s 3 --builds 3 (1 above 100,000 passages)
                  --runs 10 (--reload: 5) --work $TMPDIR/bot-bench/<N>-s<seed> (--reload: $TMPDIR/bot-bench/reload)
        """;

    public int Passages { get; init; }

    public int Questions { get; init; } = 1000;

    public ulong Seed { get; init; } = 42;

    public int Rounds { get; init; } = 5;

    public int Warmup { get; init; } = 1000;

    /// <summary>Builds of each index (fresh processes, alternating engines); the median one is reported.</summary>
    public int Builds { get; init; } = 1;

    /// <summary>Minimum warm-up time, whatever the number of warm-up answers.</summary>
    public double WarmupSeconds { get; init; } = 3;

    public string? Work { get; init; }

    public bool GenerateOnly { get; init; }

    public bool Fts5Snippet { get; init; }

    /// <summary>Passage vectors of the bot's default path without the model (<c>--pseudo-vectors</c>; see <see cref="Engines.PseudoVectorEmbedder"/>).</summary>
    public bool PseudoVectors { get; init; }

    /// <summary>Also measure the bot by words alone (<c>--words</c>).</summary>
    public bool Words { get; init; }

    /// <summary>Serve the indexes a previous run built in the work folder (<c>--reuse-index</c>).</summary>
    public bool ReuseIndex { get; init; }

    /// <summary>The seeds folder whose live reindex is measured (<c>--reload</c>).</summary>
    public string? Reload { get; init; }

    /// <summary>Where a serve phase writes each first-round answer's latency (CSV), for finding what makes the tail.</summary>
    public string? Samples { get; init; }

    /// <summary>Where a serve phase writes each first-round answer (passage ids and message, JSON lines), to diff two builds.</summary>
    public string? Answers { get; init; }

    /// <summary>Internal: run one phase (build or serve) in this process and print its result as JSON.</summary>
    public string? Phase { get; init; }

    /// <summary>Internal: which engine the phase runs (ours, ours-words or fts5).</summary>
    public string? Engine { get; init; }

    public string? ColdStartBot { get; init; }

    public string? Seeds { get; init; }

    public int Runs { get; init; } = 10;

    public string Question { get; init; } = "What did the coalition say about ICE detainers and community trust?";

    public string WorkDirectory =>
        Work ?? Path.Combine(Path.GetTempPath(), "bot-bench", Reload is not null ? "reload" : string.Create(CultureInfo.InvariantCulture, $"{Passages}-s{Seed}"));

    /// <summary>Parses <paramref name="args"/>; returns null with <paramref name="error"/> set when they are wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        string[] flagNames = ["--generate-only", "--fts5-snippet", "--pseudo-vectors", "--words", "--reuse-index"];
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (flagNames.Contains(name))
            {
                flags.Add(name);
            }
            else if (name.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count)
            {
                values[name] = args[++i];
            }
            else
            {
                error = $"unexpected argument '{name}'";
                return null;
            }
        }

        string[] known = ["--passages", "--questions", "--seed", "--rounds", "--warmup", "--warmup-s", "--builds", "--work", "--phase", "--engine", "--cold-start", "--seeds", "--runs", "--question", "--samples", "--answers", "--reload"];
        var unknown = values.Keys.FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null)
        {
            error = $"unknown option '{unknown}'";
            return null;
        }

        try
        {
            var passages = Int(values, "--passages", 0);
            var options = new BenchOptions
            {
                Passages = passages,
                Questions = Int(values, "--questions", Math.Clamp(passages, 1, 1000)),
                Seed = ulong.Parse(values.GetValueOrDefault("--seed", "42"), CultureInfo.InvariantCulture),
                Rounds = Int(values, "--rounds", 5),
                Warmup = Int(values, "--warmup", 1000),
                WarmupSeconds = double.Parse(values.GetValueOrDefault("--warmup-s", "3"), CultureInfo.InvariantCulture),
                Builds = Int(values, "--builds", passages <= 100_000 ? 3 : 1),
                Runs = Int(values, "--runs", values.ContainsKey("--reload") ? 5 : 10),
                Reload = values.GetValueOrDefault("--reload"),
                Work = values.GetValueOrDefault("--work"),
                Phase = values.GetValueOrDefault("--phase"),
                Engine = values.GetValueOrDefault("--engine"),
                ColdStartBot = values.GetValueOrDefault("--cold-start"),
                Seeds = values.GetValueOrDefault("--seeds"),
                Samples = values.GetValueOrDefault("--samples"),
                Answers = values.GetValueOrDefault("--answers"),
                Question = values.GetValueOrDefault("--question", "What did the coalition say about ICE detainers and community trust?"),
                GenerateOnly = flags.Contains("--generate-only"),
                Fts5Snippet = flags.Contains("--fts5-snippet"),
                PseudoVectors = flags.Contains("--pseudo-vectors"),
                Words = flags.Contains("--words"),
                ReuseIndex = flags.Contains("--reuse-index"),
            };
            error = options.Validate();
            return error is null ? options : null;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
        catch (OverflowException e)
        {
            error = e.Message;
            return null;
        }
    }

    private string? Validate()
    {
        if (ColdStartBot is not null)
        {
            return Seeds is null ? "--cold-start needs --seeds DIR" : Runs < 1 ? "--runs must be at least 1" : null;
        }

        if (Reload is not null)
        {
            return Runs < 1 ? "--runs must be at least 1" : null;
        }

        if (Passages is < 1 or > 10_000_000)
        {
            return "--passages N is required (1 to 10,000,000)";
        }

        if (Questions < 1 || Questions > Passages)
        {
            return "--questions must be between 1 and the number of passages";
        }

        if (Rounds < 1 || Builds < 1 || Warmup < 0 || WarmupSeconds < 0)
        {
            return "--rounds and --builds must be at least 1, --warmup and --warmup-s at least 0";
        }

        return Phase is not null && Engine is null ? "--phase needs --engine" : null;
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
}
