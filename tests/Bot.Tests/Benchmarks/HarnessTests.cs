using Bot.Benchmarks.Engines;
using Bot.Benchmarks.Harness;

namespace Bot.Tests.Benchmarks;

public sealed class HarnessTests
{
    [Theory]
    [InlineData(50, 50)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(1, 1)]
    [InlineData(99.5, 100)]
    public void PercentileIsTheNearestRankOfSortedSamples(double percent, double expected)
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        var summary = LatencySummary.From(samples);

        Assert.Equal(expected, LatencySummary.Percentile(samples, percent));
        Assert.Equal(50, summary.P50Ms);
        Assert.Equal(99, summary.P99Ms);
        Assert.Equal(100, summary.MaxMs);
        Assert.Equal(50.5, summary.MeanMs);
    }

    [Fact]
    public void OneSampleIsEveryPercentile()
    {
        var summary = LatencySummary.From([3.5]);

        Assert.Equal(3.5, summary.P50Ms);
        Assert.Equal(3.5, summary.P99Ms);
    }

    [Theory]
    [InlineData("VmHWM:\t  123456 kB", 123456)]
    [InlineData("VmRSS:        42 kB", 42)]
    [InlineData("VmRSS:", 0)]
    public void ParsesProcStatusKilobytes(string line, long expected) =>
        Assert.Equal(expected, ProcessMemory.ParseKilobytes(line));

    [Fact]
    public void ReadsThisProcessPeakAndCurrentRss()
    {
        var memory = ProcessMemory.Read();

        Assert.True(memory.RssMb > 1);
        Assert.True(memory.PeakRssMb >= memory.RssMb);
    }

    [Theory]
    [InlineData(new[] { "--passages", "1000" }, null)]
    [InlineData(new[] { "--passages", "1_000_000", "--questions", "2000", "--work", "/tmp/x" }, null)]
    [InlineData(new[] { "--phase", "serve", "--engine", "ours", "--passages", "10", "--samples", "/tmp/s.csv" }, null)]
    [InlineData(new[] { "--phase", "serve", "--passages", "10" }, "--phase needs --engine")]
    [InlineData(new string[0], "--passages N is required (1 to 10,000,000)")]
    [InlineData(new[] { "--passages", "10", "--questions", "11" }, "--questions must be between 1 and the number of passages")]
    [InlineData(new[] { "--cold-start", "bot" }, "--cold-start needs --seeds DIR")]
    [InlineData(new[] { "--passages", "10", "--builds", "0" }, "--rounds and --builds must be at least 1, --warmup and --warmup-s at least 0")]
    [InlineData(new[] { "--passages", "10", "--bogus", "1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    public void ParsesTheCommandLine(string[] args, string? expectedError)
    {
        var options = BenchOptions.Parse(args, out var error);

        Assert.Equal(expectedError, error);
        Assert.Equal(expectedError is null, options is not null);
    }

    [Theory]
    [InlineData(100_000, 3)]
    [InlineData(100_001, 1)]
    public void SmallerCorporaAreBuiltThreeTimesByDefault(int passages, int builds)
    {
        var options = BenchOptions.Parse(["--passages", passages.ToString(System.Globalization.CultureInfo.InvariantCulture)], out _);

        Assert.Equal(builds, options?.Builds);
    }

    [Fact]
    public void TheMedianBuildIsReported()
    {
        PhaseResult Build(double seconds) => new() { Engine = "e", Phase = "build", Passages = 1000, Seconds = seconds };

        Assert.Equal(5, BenchmarkRun.MedianBuild([Build(9), Build(5), Build(4)]).Seconds);
        Assert.Equal(5, BenchmarkRun.MedianBuild([Build(4), Build(5)]).Seconds);
        Assert.Equal(7, BenchmarkRun.MedianBuild([Build(7)]).Seconds);
    }

    [Fact]
    public void LastLineStartsWithTheIssueKeysInOrder()
    {
        var options = new BenchOptions { Passages = 1000 };
        var latency = new LatencySummary(10, 1, 0.5, 0.9, 2, 3);
        var build = new PhaseResult { Engine = "e", Phase = "build", Passages = 1000, Seconds = 0.5, IndexMb = 1.26, SeedMb = 1 };
        var serve = new PhaseResult { Engine = "e", Phase = "serve", Passages = 1000, OneThread = latency, TwoThreads = latency, TwoThreadQps = 1234.4, PeakRssMb = 99.6 };

        var json = BenchmarkRun.FormatJson(options, build, build, serve, serve);

        Assert.StartsWith(
            "{\"passages\": 1000, \"index_passages_per_s\": 2000, \"index_mb\": 1.3, \"answer_p50_ms\": 0.5, \"answer_p99_ms\": 2, " +
            "\"answer_2t_qps\": 1234, \"fts5_p50_ms\": 0.5, \"fts5_p99_ms\": 2, \"rss_mb\": 100, ",
            json,
            StringComparison.Ordinal);
        Assert.EndsWith("}", json, StringComparison.Ordinal);
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(1000, parsed.RootElement.GetProperty("passages").GetInt32());
    }

    [Fact]
    public void WithWordsAloneTheLastLineAddsItsFiguresAfterTheIssueKeysAndATableComparesTheTwoPaths()
    {
        var options = new BenchOptions { Passages = 1000, Words = true };
        var latency = new LatencySummary(10, 1, 0.5, 0.9, 2, 3);
        var slow = new LatencySummary(10, 6, 5.5, 6, 8, 9);
        var outcomes = new Dictionary<string, int> { ["answered"] = 6, ["related"] = 1, ["declined"] = 3 };
        var build = new PhaseResult { Engine = "bot+model", Phase = "build", Passages = 1000, Seconds = 20, IndexMb = 1.26, SeedMb = 1 };
        var serve = new PhaseResult
        {
            Engine = "bot+model", Phase = "serve", Passages = 1000, OneThread = slow, TwoThreads = slow, TwoThreadQps = 200, PeakRssMb = 415, HitAt3 = 0.9,
            Outcomes = outcomes, ModelPerAnswer = latency, ModelCallsPerAnswer = 1.4, ProbedShare = 0.4, QueryEmbedding = latency,
        };
        var wordsBuild = build with { Engine = "ours-words", Seconds = 0.5 };
        var wordsServe = serve with { Engine = "bot, words alone", OneThread = latency, TwoThreads = latency, TwoThreadQps = 1234.4, PeakRssMb = 99.6, Outcomes = null, ModelPerAnswer = null };

        var json = BenchmarkRun.FormatJson(options, build, build, serve, serve, wordsBuild, wordsServe);
        var table = BenchmarkRun.FormatWordsTable(build, serve, wordsBuild, wordsServe);

        Assert.StartsWith("{\"passages\": 1000, \"index_passages_per_s\": 50, ", json, StringComparison.Ordinal);
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        var root = parsed.RootElement;
        Assert.Equal(8, root.GetProperty("answer_p99_ms").GetDouble());
        Assert.Equal("model", root.GetProperty("vectors").GetString());
        Assert.Equal(0.6, root.GetProperty("answer_answered").GetDouble());
        Assert.Equal(0.3, root.GetProperty("answer_declined").GetDouble());
        Assert.Equal(1.4, root.GetProperty("answer_model_calls").GetDouble());
        Assert.Equal(2, root.GetProperty("query_embed_p99_ms").GetDouble());
        Assert.Equal(2, root.GetProperty("words_p99_ms").GetDouble());
        Assert.Equal(2000, root.GetProperty("words_index_passages_per_s").GetDouble());
        Assert.Equal(100, root.GetProperty("words_rss_mb").GetDouble());
        Assert.Contains("| answer p99, ms (1 thread) | 8.000 | 2.000 | 4.00 | lower |", table, StringComparison.Ordinal);
        Assert.Contains("| answered (first round) | 60.0 % | 0.0 % |", table, StringComparison.Ordinal);
        Assert.DoesNotContain("words_", BenchmarkRun.FormatJson(options, build, build, serve, serve), StringComparison.Ordinal);
        Assert.Contains("40.0 % of answers probe", BenchmarkRun.FormatTable(options, build, build, serve, serve), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--passages", "1000", "--pseudo-vectors", "--words", "--reuse-index" }, true, true, true)]
    [InlineData(new[] { "--passages", "1000" }, false, false, false)]
    public void ParsesThePathFlags(string[] args, bool pseudo, bool words, bool reuse)
    {
        var options = BenchOptions.Parse(args, out var error);

        Assert.Null(error);
        Assert.Equal((pseudo, words, reuse), (options!.PseudoVectors, options.Words, options.ReuseIndex));
    }

    [Fact]
    public void ReloadNeedsNoCorpusSizeAndDefaultsToFiveRunsInItsOwnFolder()
    {
        var options = BenchOptions.Parse(["--reload", "/data/seeds"], out var error);

        Assert.Null(error);
        Assert.Equal("/data/seeds", options!.Reload);
        Assert.Equal(5, options.Runs);
        Assert.EndsWith(Path.Combine("bot-bench", "reload"), options.WorkDirectory, StringComparison.Ordinal);
        Assert.Equal("--runs must be at least 1", BenchOptions.Parse(["--reload", "x", "--runs", "0"], out error) is null ? error : null);
    }

    [Fact]
    public void PseudoVectorsAndWordsAloneKeepTheirOwnIndexes()
    {
        var paths = new[]
        {
            EngineFactory.IndexPath(EngineFactory.Ours, "/w"),
            EngineFactory.IndexPath(EngineFactory.Ours, "/w", pseudoVectors: true),
            EngineFactory.IndexPath(EngineFactory.OursWords, "/w"),
            EngineFactory.IndexPath(EngineFactory.Fts5, "/w"),
        };

        Assert.Equal(["/w/index-bot", "/w/index-bot-pseudo", "/w/index-bot-words", "/w/fts5.db"], paths);
        Assert.Throws<ArgumentException>(() => EngineFactory.Create("ours-model", new BenchOptions()));
    }

    [Theory]
    [InlineData("What did Diane Goldstein say about ICE detainers?", "diane goldstein ice detainers")]
    [InlineData("How is the 287(g) program doing, and why?", "287 g program doing")]
    [InlineData("\"unbalanced AND (", "unbalanced")]
    [InlineData("what is it", "")]
    public void QueryWordsDropQuestionAndStopWords(string question, string expected) =>
        Assert.Equal(expected, string.Join(' ', QueryWords.Extract(question)));

    [Fact]
    public void Fts5MatchQuotesEveryWord() =>
        Assert.Equal("\"near\" OR \"title\" OR \"x\"", QueryWords.ToFts5Match(QueryWords.Extract("NEAR(title: x*)")));

    [Fact]
    public void DiscordMessageEscapesMarkdownBoldsMatchesAndCites()
    {
        var passage = new CitedPassage(
            "a.md#2", "ICE *detainers* @everyone", "\u0001ICE\u0002 *detainers* @everyone", "Law_and order", "The Hill", "https://x.example/a", 2);

        var message = DiscordMessage.Compose([passage]);

        Assert.Equal("> **ICE** \\*detainers\\* \\@everyone\n\u2014 *Law\\_and order*, The Hill <https://x.example/a> \u00B62", message);
    }

    [Fact]
    public void DiscordMessageStopsAtAPassageBoundaryWithin2000Characters()
    {
        var text = new string('a', 900);
        var passages = Enumerable.Range(1, 3)
            .Select(i => new CitedPassage($"a.md#{i}", text, text, "T", null, null, i))
            .ToList();

        var message = DiscordMessage.Compose(passages);

        Assert.InRange(message.Length, 1800, DiscordMessage.MaxLength);
        Assert.Equal(2, message.Split("> ").Length - 1);
    }
}
