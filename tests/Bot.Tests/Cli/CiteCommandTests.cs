using System.Text.Json;
using Bot.Tests.Fixtures;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Tests.Cli;

public sealed class CiteCommandTests : IDisposable
{
    private const string Seed11 = RepositoryPaths.SeedFileName + "#11";
    private const string SeedUrl = "https://thehill.com/policy/national-security/543496-law-enforcement-coalition-aclu-urge-biden-administration-to-end-ices/";
    private readonly TempCorpus _corpus = new();

    [Fact]
    public async Task CardOfTheSeedUnderlinesTheSentenceThatAnswersAndBoldsTheMatches()
    {
        var (exit, output, _) = await RunAsync("cite", Seed11, "--question", "What happens when people are afraid to report crimes?");

        Assert.Equal(0, exit);
        Assert.Equal(
            "What happens when people are afraid to report crimes?\n"
            + "**The Hill 21** [3-2021; “Law enforcement, ACLU urge Biden to end ICE partnership programs”; The Hill; " + SeedUrl + "; ¶ 11]\n"
            + "__“**Crimes** go unsolved and innocent **people** get hurt,” she added.__ “Immigration policy must not stand in the way of our communities’ safety.”\n",
            output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task SeveralPassagesAreCitedInOrderInTheChosenStyle()
    {
        var (exit, output, _) = await RunAsync("cite", RepositoryPaths.SeedFileName + "#2", Seed11, "--style", "chicago");

        Assert.Equal(0, exit);
        var entries = output.ReplaceLineEndings("\n").TrimEnd().Split("\n\n");
        Assert.Equal(2, entries.Length);
        Assert.All(entries, e => Assert.StartsWith("*Hill*. “Law Enforcement, ACLU Urge Biden to End ICE Partnership Programs.” March 2021. " + SeedUrl + ".", e, StringComparison.Ordinal));
        Assert.EndsWith("par. 2.", entries[0], StringComparison.Ordinal);
        Assert.EndsWith("par. 11.", entries[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorsAndQualificationsFromMetadataReachEveryStyleThroughTheIndex()
    {
        _corpus.AddSeed("op-ed.md", "---\ntitle: Police Can't Do Our Jobs When People Fear Deportation\nauthor: Diane Goldstein; Naureen Shah\nauthor_title: LEAP and ACLU\npublisher: Example Gazette\ndate: 2021-03-17\nurl: https://example.org/op-ed\n---\nWhen people fear deportation they stop reporting crimes to the police, and crimes go unsolved.\n");

        var apa = await RunAsync("cite", "op-ed.md#1", "--style", "apa");
        var card = await RunAsync("cite", "op-ed.md#1");

        Assert.Equal("Goldstein, D., & Shah, N. (2021, March 17). Police can't do our jobs when people fear deportation. *Example Gazette*. https://example.org/op-ed\n(Goldstein & Shah, 2021, para. 1)\n", apa.Output.ReplaceLineEndings("\n"));
        Assert.Contains("\n**Goldstein & Shah 21** [Diane Goldstein and Naureen Shah, LEAP and ACLU; 3-17-2021;", card.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocxWritesAValidWordFileWithOneCardPerPassage()
    {
        var file = Path.Combine(_corpus.Root, "cards.docx");

        var (exit, _, error) = await RunAsync("cite", RepositoryPaths.SeedFileName + "#7", Seed11, "--question", "Why do people stop reporting crimes?", "--docx", file);

        Assert.Equal(0, exit);
        Assert.Contains("wrote 2 cards to " + file, error, StringComparison.Ordinal);
        using var document = WordprocessingDocument.Open(file, isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var tags = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading4");
        Assert.Equal(["Why do people stop reporting crimes?", "Why do people stop reporting crimes?"], tags.Select(t => t.InnerText));
    }

    [Theory]
    [InlineData("nothing.txt#4", "card", "error: no passage has the id 'nothing.txt#4'.")]
    [InlineData(Seed11, "harvard", "error: unknown citation style 'harvard'; use one of: card, mla, apa, chicago")]
    public async Task BadInputGetsAClearMessageAndAFailingExitCode(string id, string style, string message)
    {
        var (exit, output, error) = await RunAsync("cite", id, "--style", style);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("\n" + message, "\n" + error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskCiteAppendsACitationToEachQuote()
    {
        var text = await RunAsync("ask", "Who is the executive director of LEAP?", "--cite", "mla");
        var json = await RunAsync("ask", "--json", "Who is the executive director of LEAP?", "--cite", "apa");
        var bad = await RunAsync("ask", "Who leads LEAP?", "--cite", "vancouver");

        Assert.Equal(0, text.Exit);
        Assert.Contains("\n    “Law Enforcement, ACLU Urge Biden to End ICE Partnership Programs.” *The Hill*, Mar. 2021, thehill.com/", text.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        using var line = JsonDocument.Parse(json.Output);
        Assert.StartsWith("Law enforcement, ACLU urge Biden to end ICE partnership programs. (2021, March).", line.RootElement.GetProperty("passages")[0].GetProperty("citation").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, bad.Exit);
        Assert.StartsWith("error: unknown citation style 'vancouver'", bad.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _corpus.Dispose();

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        AskCommandTests.BotCommandLineRunAsync(string.Empty, [.. args, "--seeds", _corpus.SeedsDir, "--index", _corpus.IndexDir, "--no-semantic"]);
}
