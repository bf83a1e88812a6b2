using System.Text.Json;
using Bot.Cli;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Cli;

public sealed class AskCommandTests : IDisposable
{
    private readonly TempCorpus _corpus = new();

    [Fact]
    public async Task AskJsonWithoutQuestionAnswersEachStdinLineWithOneJsonObject()
    {
        string[] questions =
        [
            "What is the 287(g) program?",
            string.Empty,
            "AND (",
            "\"unbalanced",
            "What is the recipe for banana bread?",
            "title:x /.*/ crime~ * NOT",
            "\U0001F694 \u0007 emoji and bell",
            new string('x', 10_000),
        ];

        var (exit, output, _) = await RunAsync(string.Join('\n', questions) + "\n", "ask", "--json");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(questions.Length, lines.Length);
        for (var i = 0; i < questions.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            Assert.Equal(["question", "answered", "outcome", "passages"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(questions[i], root.GetProperty("question").GetString());
            var outcome = root.GetProperty("outcome").GetString();
            Assert.Contains(outcome, (string[])["answered", "related", "declined"]);
            Assert.Equal(outcome == "answered", root.GetProperty("answered").GetBoolean());
            Assert.Equal(outcome != "declined", root.GetProperty("passages").GetArrayLength() > 0);
        }

        using var first = JsonDocument.Parse(lines[0]);
        var passage = first.RootElement.GetProperty("passages")[0];
        Assert.Equal(["id", "text", "score", "source"], passage.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, passage.GetProperty("score").ValueKind);
        var source = passage.GetProperty("source");
        Assert.Equal(["title", "publisher", "url", "file", "paragraph"], source.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"seeds/{RepositoryPaths.SeedFileName}", source.GetProperty("file").GetString());
        Assert.Equal("The Hill", source.GetProperty("publisher").GetString());
        Assert.DoesNotContain("**", passage.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(lines[4]).RootElement.GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task AskJsonWithQuestionPrintsExactlyOneObject()
    {
        var (exit, output, _) = await RunAsync(string.Empty, "ask", "--json", "Who is the executive director of LEAP?");

        Assert.Equal(0, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.True(json.RootElement.GetProperty("answered").GetBoolean());
        Assert.Contains("Diane Goldstein", json.RootElement.GetProperty("passages")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskTakesAQuestionThatStartsWithAnAtSignAsAQuestionNotAResponseFile()
    {
        var (exit, output, error) = await RunAsync(string.Empty, "ask", "--json", "@everyone who leads LEAP?");
        var (_, bare, _) = await RunAsync(string.Empty, "ask", "--json", "who leads LEAP?");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Response file", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        using var bareJson = JsonDocument.Parse(Assert.Single(bare.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("@everyone who leads LEAP?", json.RootElement.GetProperty("question").GetString());
        Assert.Equal(bareJson.RootElement.GetProperty("outcome").GetString(), json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(bareJson.RootElement.GetProperty("passages").GetRawText(), json.RootElement.GetProperty("passages").GetRawText());
        Assert.Contains("Diane Goldstein", json.RootElement.GetProperty("passages")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskGivesPingBaitTheAnswerOfTheBareQuestionAsArgumentAndAsInputLine()
    {
        const string Bait = "@everyone <@&123456789012345678> <@222222222222222222> Who is the executive director of LEAP?";

        var (_, bare, _) = await RunAsync(string.Empty, "ask", "--json", "Who is the executive director of LEAP?");
        var (argumentExit, argument, _) = await RunAsync(string.Empty, "ask", "--json", Bait);
        var (_, line, _) = await RunAsync(Bait + "\n", "ask", "--json");

        Assert.Equal(0, argumentExit);
        var expected = Passages(bare);
        Assert.Contains("Diane Goldstein", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Passages(argument));
        Assert.Equal(expected, Passages(line));

        static string Passages(string output)
        {
            using var json = JsonDocument.Parse(output);
            Assert.True(json.RootElement.GetProperty("answered").GetBoolean());
            return json.RootElement.GetProperty("passages").GetRawText();
        }
    }

    [Fact]
    public async Task SearchLooksForTheWordsOfAQueryFullOfChat()
    {
        var (exit, output, error) = await RunAsync(string.Empty, "search", "@here <@&1> detainers pls 😀");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("error", error, StringComparison.Ordinal);
        Assert.Contains("**detainers**", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskPrintsAQuoteWithMarkedWordsAndItsCitation()
    {
        var (exit, output, _) = await RunAsync(string.Empty, "ask", "Who is the executive director of LEAP?");

        Assert.Equal(0, exit);
        Assert.Contains("> In a statement shared with The Hill", output, StringComparison.Ordinal);
        Assert.Contains("**executive director**", output.Replace("** **", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("The Hill", output, StringComparison.Ordinal);
        Assert.Contains("paragraph 10", output, StringComparison.Ordinal);
        Assert.Contains("https://thehill.com/", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskWithoutAnswerSaysSoAndNamesWhatTheCorpusCovers()
    {
        var (exit, output, _) = await RunAsync(string.Empty, "ask", "What is the recipe for banana bread?");

        Assert.Equal(0, exit);
        Assert.Contains("Nothing in the documents I have bears on that", output, StringComparison.Ordinal);
        Assert.Contains("Law enforcement, ACLU urge Biden to end ICE partnership programs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexPrintsAOneLineSummary()
    {
        _corpus.AddSeedBytes("broken.txt", [0x00, 0x01]);

        var (exit, _, error) = await RunAsync(string.Empty, "index");

        Assert.Equal(0, exit);
        var summary = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("1 document, 14 passages", summary, StringComparison.Ordinal);
        Assert.EndsWith("skipped 1 file: 1 binary (broken.txt); --verbose lists them all.", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("index")]
    [InlineData("search", "detainers")]
    public async Task VerboseListsEverySkippedFileWithItsReason(params string[] verb)
    {
        _corpus.AddSeedBytes("broken.txt", [0x00, 0x01]);
        _corpus.AddSeed("nav.md", "Most Popular\n\nLoad more\n");

        var (exit, _, error) = await RunAsync(string.Empty, [.. verb, "--verbose"]);

        Assert.Equal(0, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("skipped 2 files: 1 binary (broken.txt), 1 without prose (nav.md).", lines[0], StringComparison.Ordinal);
        Assert.Equal(["  broken.txt: binary file (contains NUL bytes)", "  nav.md: no prose paragraphs found"], lines[1..]);
    }

    [Fact]
    public async Task SearchListsRankedPassagesWithMarkedMatches()
    {
        var (exit, output, _) = await RunAsync(string.Empty, "search", "detainers");

        Assert.Equal(0, exit);
        Assert.Contains($"{RepositoryPaths.SeedFileName}#", output, StringComparison.Ordinal);
        Assert.Contains("**detainers**", output, StringComparison.Ordinal);
        Assert.Contains("score", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcesListsDocumentsWithPassageCounts()
    {
        var (exit, output, _) = await RunAsync(string.Empty, "sources");

        Assert.Equal(0, exit);
        Assert.Contains("(14 passages)", output, StringComparison.Ordinal);
        Assert.Contains("The Hill", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSeedsAndIndexIsAnErrorOnStderr()
    {
        var (exit, output, error) = await BotCommandLineRunAsync(string.Empty, "ask", "--seeds", Path.Combine(_corpus.Root, "nope"), "--index", Path.Combine(_corpus.Root, "none"), "question");

        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        Assert.Contains("seeds folder not found", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("index")]
    [InlineData("ask")]
    [InlineData("search")]
    [InlineData("sources")]
    public async Task EveryVerbHasHelp(string verb)
    {
        var (exit, output, _) = await BotCommandLineRunAsync(string.Empty, verb, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--seeds", output, StringComparison.Ordinal);
        Assert.Contains("--index", output, StringComparison.Ordinal);
        Assert.Contains("--verbose", output, StringComparison.Ordinal);
    }

    public void Dispose() => _corpus.Dispose();

    private Task<(int Exit, string Output, string Error)> RunAsync(string stdin, params string[] args) =>
        BotCommandLineRunAsync(stdin, [.. args, "--seeds", _corpus.SeedsDir, "--index", _corpus.IndexDir]);

    /// <summary>Runs a verb in-process (index, ask and search run BM25 alone unless given --semantic).</summary>
    internal static async Task<(int Exit, string Output, string Error)> BotCommandLineRunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BotCommandLine.RunAsync(args, new CliStreams(input, output, error, OutputIsTerminal: false, ErrorIsTerminal: false));
        return (exit, output.ToString(), error.ToString());
    }
}
