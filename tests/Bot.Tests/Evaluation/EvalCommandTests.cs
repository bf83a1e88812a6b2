using System.Globalization;
using Bot.Tests.Cli;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Evaluation;

/// <summary>
/// <c>bot eval</c> on a collection the test writes: four documents, two queries, three judgments, indexed and ranked by
/// the bot's own code (BM25, no model), with metrics checkable by hand.
/// </summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bot-eval-test-" + Guid.NewGuid().ToString("N"));

    public EvalCommandTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllLines(Path.Combine(_folder, "corpus.jsonl"),
        [
            """{"_id": "d1", "title": "Orchards", "text": "The apple orchard harvest begins in September."}""",
            """{"_id": "d2", "title": "Drinks", "text": "A banana smoothie needs ripe fruit."}""",
            """{"_id": "d3", "title": "Tropical", "text": "Plantains grow in warm climates."}""",
            """{"_id": "d4", "title": "Weather", "text": "Rain fell on the coast all week."}""",
        ]);
        File.WriteAllLines(Path.Combine(_folder, "topics.tsv"), ["q1\tapple orchard harvest", "q2\tbanana smoothie"]);
        File.WriteAllLines(Path.Combine(_folder, "qrels.txt"), ["q1 0 d1 1", "q2 0 d2 1", "q2 0 d3 1"]);
    }

    [Fact]
    public async Task EvalPrintsHandCheckableMetricsAndWritesTheRun()
    {
        var runFile = Path.Combine(_folder, "run.txt");

        var (exit, output, error) = await AskCommandTests.BotCommandLineRunAsync(string.Empty, "eval", _folder, "--no-semantic", "--ask-timings", "0", "--run", runFile);

        Assert.True(exit == 0, error);

        // q1: d1 first → nDCG 1, recall 1, RR 1. q2: d2 first, d3 (no shared word) not found → DCG 1, ideal DCG
        // 1 + 1/log2(3), recall 1/2, RR 1.
        var ndcg = (1 + (1 / (1 + (1 / Math.Log2(3))))) / 2;
        var line = output.Split('\n').Single(l => l.StartsWith("| bot: words alone", StringComparison.Ordinal));
        var cells = line.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ndcg, double.Parse(cells[1], CultureInfo.InvariantCulture), 4);
        Assert.Equal(0.75, double.Parse(cells[2], CultureInfo.InvariantCulture), 4);
        Assert.Equal(1.0, double.Parse(cells[3], CultureInfo.InvariantCulture), 4);
        Assert.Contains("2 judged queries", output, StringComparison.Ordinal);

        var run = File.ReadAllLines(runFile);
        Assert.Equal(["q1", "Q0", "d1", "1"], run[0].Split(' ')[..4]);
        Assert.Contains(run, l => l.StartsWith("q2 Q0 d2 1 ", StringComparison.Ordinal));
        Assert.All(run, l => Assert.EndsWith(" bot-bm25", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingCollectionIsAnErrorNotACrash()
    {
        var (exit, _, error) = await AskCommandTests.BotCommandLineRunAsync(string.Empty, "eval", Path.Combine(_folder, "nope"), "--no-semantic");

        Assert.NotEqual(0, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalOfAQuestionFileTalliesEachKindAndDumpsWhereTheExpectedPassageRanks()
    {
        using var corpus = new TempCorpus();
        var questions = Path.Combine(_folder, "questions.jsonl");
        var dump = Path.Combine(_folder, "dump.jsonl");
        File.WriteAllLines(questions,
        [
            """{"id": "a", "question": "Who is the executive director of LEAP?", "expect": ["Diane Goldstein"], "kind": "direct"}""",
            """{"id": "b", "question": "What is the recipe for banana bread?", "expect": [], "kind": "offtopic"}""",
        ]);

        var (exit, output, error) = await AskCommandTests.BotCommandLineRunAsync(
            string.Empty, "eval", questions, "--no-semantic", "--dump", dump, "--seeds", corpus.SeedsDir, "--index", corpus.IndexDir);

        Assert.True(exit == 0, error);
        Assert.Contains("direct: 1/1", output, StringComparison.Ordinal);
        Assert.Contains("offtopic: 1/1", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(dump);
        Assert.Equal(2, lines.Length);
        using var first = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.Equal(1, first.RootElement.GetProperty("rank").GetInt32());
        Assert.Equal("Answered", first.RootElement.GetProperty("outcome").GetString());
        using var second = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.Equal("Declined", second.RootElement.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("""{"id": "a", "question": "Who leads LEAP?"}""", "'expect'")]
    [InlineData("""{"id": "a", "expect": []}""", "'question'")]
    [InlineData("""not json""", "not a JSON object")]
    [InlineData("""["a", "b"]""", "expected a JSON object")]
    public async Task AMalformedQuestionLineIsReportedByFileAndLine(string badLine, string reason)
    {
        using var corpus = new TempCorpus();
        var questions = Path.Combine(_folder, "questions.jsonl");
        File.WriteAllLines(questions, ["""{"id": "ok", "question": "What is 287(g)?", "expect": ["287(g)"]}""", string.Empty, badLine]);

        var (exit, output, error) = await AskCommandTests.BotCommandLineRunAsync(
            string.Empty, "eval", questions, "--no-semantic", "--seeds", corpus.SeedsDir, "--index", corpus.IndexDir);

        Assert.Equal(1, exit);
        Assert.StartsWith("error:", error.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.Contains(questions + ":3", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
