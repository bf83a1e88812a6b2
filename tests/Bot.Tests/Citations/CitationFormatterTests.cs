using Bot.Search.Answers;
using Bot.Search.Citations;
using Bot.Search.Ingestion;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Citations;

/// <summary>
/// The four styles against the manuals: where a manual prints an example of a news article, its example is the
/// golden output; the other rows apply the same rules to one, two, three and more authors, no author, and dates
/// known to the day or only to the month.
/// </summary>
public sealed class CitationFormatterTests
{
    private const string CareyTitle = "Can We Get Better at Forgetting?";
    private const string CareyUrl = "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html";
    private const string ManjooUrl = "https://www.nytimes.com/2017/03/08/technology/snap-makes-a-bet-on-the-cultural-supremacy-of-the-camera.html";

    [Theory]
    // APA 7, §10.1 example 16 (a newspaper article online), as the manual prints it.
    [InlineData("apa", "Carey, B. (2019, March 22). Can we get better at forgetting? The New York Times. " + CareyUrl)]
    // The same article by MLA 9's rules: full name, title case in quotation marks, day month year, no "https://".
    [InlineData("mla", "Carey, Benedict. \u201CCan We Get Better at Forgetting?\u201D The New York Times, 22 Mar. 2019, www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html.")]
    // Chicago 17 (notes-bibliography, a newspaper article): "The" dropped from the newspaper's name.
    [InlineData("chicago", "Carey, Benedict. \u201CCan We Get Better at Forgetting?\u201D New York Times, March 22, 2019. " + CareyUrl + ".")]
    [InlineData("card", "Carey 19 [Benedict Carey; 3-22-2019; \u201CCan We Get Better at Forgetting?\u201D; The New York Times; " + CareyUrl + "; \u00B6 4]")]
    public void OneAuthorDayPreciseNewspaperArticle(string style, string expected)
    {
        var quote = Quote(CareyTitle, ["Benedict Carey"], "The New York Times", CareyUrl, "2019-03-22", paragraph: 4);

        Assert.Equal(expected, EntryOf(style, quote));
    }

    [Fact]
    public void ChicagoMatchesTheManualsNewspaperExample()
    {
        // The Chicago Manual of Style's quick guide, newspaper article, bibliography entry.
        var quote = Quote("Snap Makes a Bet on the Cultural Supremacy of the Camera", ["Farhad Manjoo"], "The New York Times", ManjooUrl, "2017-03-08");

        Assert.Equal(
            "Manjoo, Farhad. \u201CSnap Makes a Bet on the Cultural Supremacy of the Camera.\u201D New York Times, March 8, 2017. " + ManjooUrl + ".",
            EntryOf("chicago", quote));
        Assert.Equal("Manjoo, \u201CSnap Makes a Bet,\u201D par. 1.", InTextOf("chicago", quote));
    }

    [Theory]
    [InlineData("mla", "Goldstein, Diane, and Naureen Shah. \u201CDetainers Put Deputies at Risk.\u201D Example Gazette, May 2022, example.org/d.")]
    [InlineData("apa", "Goldstein, D., & Shah, N. (2022, May). Detainers put deputies at risk. Example Gazette. https://example.org/d")]
    [InlineData("chicago", "Goldstein, Diane, and Naureen Shah. \u201CDetainers Put Deputies at Risk.\u201D Example Gazette, May 2022. https://example.org/d.")]
    [InlineData("card", "Goldstein & Shah 22 [Diane Goldstein and Naureen Shah, criminal justice professionals; 5-2022; \u201CDetainers put deputies at risk\u201D; Example Gazette; https://example.org/d; \u00B6 1]")]
    public void TwoAuthorsMonthPreciseDate(string style, string expected)
    {
        var quote = Quote("Detainers put deputies at risk", ["Diane Goldstein", "Shah, Naureen"], "Example Gazette", "https://example.org/d", "2022-05", authorTitle: "criminal justice professionals");

        Assert.Equal(expected, EntryOf(style, quote));
    }

    [Theory]
    [InlineData("mla", "Goldstein, Diane, et al. \u201CThe Cost of Detainers: A County View.\u201D Example Gazette, 1 Sept. 2022, example.org/d.", "(Goldstein et al., par. 1)")]
    [InlineData("apa", "Goldstein, D., Shah, N., & van Gogh, V. W. (2022, September 1). The cost of detainers: A county view. Example Gazette. https://example.org/d", "(Goldstein et al., 2022, para. 1)")]
    [InlineData("chicago", "Goldstein, Diane, Naureen Shah, and Vincent Willem van Gogh. \u201CThe Cost of Detainers: A County View.\u201D Example Gazette, September 1, 2022. https://example.org/d.", "Goldstein, Shah, and van Gogh, \u201CThe Cost of Detainers,\u201D par. 1.")]
    public void ThreeAuthors(string style, string expected, string inText)
    {
        var quote = Quote("The Cost of Detainers: A County View", ["Diane Goldstein", "Naureen Shah", "Vincent Willem van Gogh"], "Example Gazette", "https://example.org/d", "2022-09-01");

        Assert.Equal(expected, EntryOf(style, quote));
        Assert.Equal(inText, InTextOf(style, quote));
    }

    [Fact]
    public void CardNamesThreeOrMoreAuthorsEtAl()
    {
        var quote = Quote("T", ["A One", "B Two", "C Three", "D Four"], "P", null, "2020-01-02");

        var cite = Citation("card", quote).Paragraphs[1];

        Assert.Equal(new CitationRun("One et al. 20", RunMarks.CiteMark), cite.Runs[0]);
        Assert.StartsWith(" [A One, B Two, C Three, and D Four; 1-2-2020;", cite.Runs[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChicagoListsSevenOfMoreThanTenAuthors()
    {
        var quote = Quote("T", [.. Enumerable.Range(1, 11).Select(i => $"Given{i} Family{i}")], "P", null, "2020-01-02");

        Assert.StartsWith("Family1, Given1, Given2 Family2, Given3 Family3, Given4 Family4, Given5 Family5, Given6 Family6, Given7 Family7, et al. \u201CT.\u201D", EntryOf("chicago", quote), StringComparison.Ordinal);
    }

    [Theory]
    // MLA and APA start with the title when there is no author; Chicago lists an unsigned article under the paper.
    [InlineData("mla", "\u201CLaw Enforcement, ACLU Urge Biden to End ICE Partnership Programs.\u201D The Hill, Mar. 2021, thehill.com/policy/national-security/543496-law-enforcement-coalition-aclu-urge-biden-administration-to-end-ices/.", "(\u201CLaw Enforcement,\u201D par. 11)")]
    [InlineData("apa", "Law enforcement, ACLU urge Biden to end ICE partnership programs. (2021, March). The Hill. https://thehill.com/policy/national-security/543496-law-enforcement-coalition-aclu-urge-biden-administration-to-end-ices/", "(\u201CLaw Enforcement,\u201D 2021, para. 11)")]
    [InlineData("chicago", "Hill. \u201CLaw Enforcement, ACLU Urge Biden to End ICE Partnership Programs.\u201D March 2021. https://thehill.com/policy/national-security/543496-law-enforcement-coalition-aclu-urge-biden-administration-to-end-ices/.", "\u201CLaw Enforcement,\u201D par. 11.")]
    // A card's cite starts with the publication.
    [InlineData("card", "The Hill 21 [3-2021; \u201CLaw enforcement, ACLU urge Biden to end ICE partnership programs\u201D; The Hill; https://thehill.com/policy/national-security/543496-law-enforcement-coalition-aclu-urge-biden-administration-to-end-ices/; \u00B6 11]", null)]
    public void SeedArticleFromItsOwnMetadata(string style, string expected, string? inText)
    {
        var metadata = MetadataParser.Parse(File.ReadAllLines(Path.Combine(RepositoryPaths.Seeds, RepositoryPaths.SeedFileName + ".meta")), "seed.meta");
        var source = new PassageSource(metadata.Title!, metadata.Publisher, metadata.Url, "seeds/" + RepositoryPaths.SeedFileName, 11, metadata.Date) { Authors = metadata.Authors };
        var quote = new Quote(RepositoryPaths.SeedFileName + "#11", "“Crimes go unsolved and innocent people get hurt,” she added.", 0, source, []);

        Assert.Equal(expected, EntryOf(style, quote));
        if (inText is not null)
        {
            Assert.Equal(inText, InTextOf(style, quote));
        }
    }

    [Theory]
    [InlineData("mla", "\u201CDetainers Explained.\u201D")]
    [InlineData("apa", "Detainers explained. (n.d.).")]
    [InlineData("chicago", "\u201CDetainers Explained.\u201D")]
    [InlineData("card", "Detainers explained ND [\u201CDetainers explained\u201D; \u00B6 1]")]
    public void NothingButATitle(string style, string expected)
    {
        Assert.Equal(expected, EntryOf(style, Quote("Detainers explained", [], null, null, null)));
    }

    [Fact]
    public void ContainerNamesAreItalicInTheThreeStyles()
    {
        var quote = Quote(CareyTitle, ["Benedict Carey"], "The New York Times", CareyUrl, "2019-03-22");

        Assert.Contains(new CitationRun("The New York Times", RunMarks.Italic), Citation("mla", quote).Paragraphs[0].Runs);
        Assert.Contains(new CitationRun("The New York Times", RunMarks.Italic), Citation("apa", quote).Paragraphs[0].Runs);
        Assert.Contains(new CitationRun("New York Times", RunMarks.Italic), Citation("chicago", quote).Paragraphs[0].Runs);
    }

    [Fact]
    public void MlaGivesTheAccessDateWhenKnown()
    {
        var quote = Quote("Detainers", [], "P", "https://example.org/x", null) with { };
        quote = quote with { Source = quote.Source with { Accessed = "2021-12-06" } };

        Assert.Equal("\u201CDetainers.\u201D P, example.org/x. Accessed 6 Dec. 2021.", EntryOf("mla", quote));
    }

    [Fact]
    public void CardTagIsTheQuestionElseTheFirstSentenceMarkedAsSuggested()
    {
        var quote = Quote("T", [], "P", null, null) with { Text = "Detainers hold people for 48 hours. Sheriffs get sued." };

        Assert.Equal("Why are sheriffs sued?", Citation("card", quote, "Why are  sheriffs sued?").Paragraphs[0].Text);
        Assert.Equal("Suggested tag: Detainers hold people for 48 hours.", Citation("card", quote).Paragraphs[0].Text);
    }

    [Fact]
    public void CardTextIsThePassageVerbatimWithTheAnsweringSentenceUnderlinedAndMatchesBold()
    {
        const string Text = "Detainers hold people for 48 hours. Sheriffs who hold people without a warrant get sued for damages. Nobody likes it.";
        var highlights = new[] { Span(Text, "Detainers"), Span(Text, "Sheriffs"), Span(Text, "sued") };
        var quote = Quote("T", [], "P", null, null) with { Text = Text, Highlights = highlights };

        var body = Citation("card", quote, "Are sheriffs sued over detainers?").Paragraphs[2];

        Assert.Equal(CitationPart.CardText, body.Part);
        Assert.Equal(Text, body.Text);
        Assert.Equal("Sheriffs who hold people without a warrant get sued for damages.", string.Concat(body.Runs.Where(r => r.Marks.HasFlag(RunMarks.Underline)).Select(r => r.Text)));
        Assert.Equal(["Detainers", "Sheriffs", "sued"], body.Runs.Where(r => r.Marks.HasFlag(RunMarks.Bold)).Select(r => r.Text));
    }

    [Theory]
    [InlineData("card", CitationStyle.Card)]
    [InlineData("MLA", CitationStyle.Mla)]
    [InlineData(" apa ", CitationStyle.Apa)]
    [InlineData("Chicago", CitationStyle.Chicago)]
    public void StyleNamesParse(string name, CitationStyle expected)
    {
        Assert.True(CitationFormatter.TryParseStyle(name, out var style));
        Assert.Equal(expected, style);
    }

    [Theory]
    [InlineData("harvard")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownStyleNamesDoNotParse(string? name)
    {
        Assert.False(CitationFormatter.TryParseStyle(name, out _));
    }

    internal static Quote Quote(string title, string[] authors, string? publisher, string? url, string? date, int paragraph = 1, string? authorTitle = null) =>
        new("doc.md#" + paragraph, "Some text.", 0, new PassageSource(title, publisher, url, "seeds/doc.md", paragraph, date) { Authors = authors, AuthorTitle = authorTitle }, []);

    private static TextSpan Span(string text, string word) => new(text.IndexOf(word, StringComparison.Ordinal), word.Length);

    private static Citation Citation(string style, Quote quote, string? question = null)
    {
        Assert.True(CitationFormatter.TryParseStyle(style, out var parsed));
        return CitationFormatter.Format(parsed, quote, question);
    }

    private static string EntryOf(string style, Quote quote)
    {
        var citation = Citation(style, quote);
        return citation.Paragraphs.Single(p => p.Part is CitationPart.Entry or CitationPart.Cite).Text;
    }

    private static string InTextOf(string style, Quote quote) => Citation(style, quote).Paragraphs.Single(p => p.Part == CitationPart.InText).Text;
}
