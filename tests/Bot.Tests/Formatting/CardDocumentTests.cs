using System.Text;
using Bot.Formatting;
using Bot.Search.Answers;
using Bot.Search.Citations;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Tests.Formatting;

/// <summary>The Word file of cards: a valid package, Verbatim's structure and styles, the passages verbatim.</summary>
public sealed class CardDocumentTests
{
    private static readonly string[] HeadingIds = ["Heading1", "Heading2", "Heading3", "Heading4"];

    private const string Question = "Why do deputies face lawsuits over detainers?";

    private const string Detainers = "\u201CThese place local law enforcement in a compromised position,\u201D the group wrote. \u201CBecause detainers request that deputies hold individuals beyond their release date without a signed judicial warrant, deputies are left vulnerable to costly damages lawsuits for constitutional violations.\u201D";

    private const string Crimes = "\u201CCrimes go unsolved and innocent people get hurt,\u201D she added.\n\u201CImmigration policy must not stand in the way of our communities\u2019 safety.\u201D";

    [Fact]
    public void TheFileIsAValidPackage()
    {
        using var document = Open(Build());

        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void ParagraphsCarryVerbatimsStylesAndTheStylesCarryItsNames()
    {
        using var document = Open(Build());
        var styles = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);

        Assert.Equal(
            ["Heading1", "Heading3", "Heading4", "", "", "Heading4", "", "", "Heading3", "", ""],
            Paragraphs(document).Select(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? ""));
        Assert.Equal(["Pocket", "Hat", "Block", "Tag"], HeadingIds.Select(id => styles[id].Aliases!.Val!.Value));
        Assert.Equal(["heading 1", "heading 2", "heading 3", "heading 4"], HeadingIds.Select(id => styles[id].StyleName!.Val!.Value));
        Assert.Equal("Cite", styles[CardDocument.CiteStyle].Aliases!.Val!.Value);
        Assert.Equal(StyleValues.Character, styles[CardDocument.CiteStyle].Type!.Value);
        Assert.Equal("Underline", styles[CardDocument.UnderlineStyle].Aliases!.Val!.Value);
    }

    [Fact]
    public void CardTextIsThePassageByteForByteAndTheUnderlineIsTheAnsweringSentence()
    {
        using var document = Open(Build());
        var texts = Paragraphs(document).Where((_, i) => i is 4 or 7).ToList();

        Assert.Equal(Encoding.UTF8.GetBytes(Detainers), Encoding.UTF8.GetBytes(TextOf(texts[0])));
        Assert.Equal(Encoding.UTF8.GetBytes(Crimes), Encoding.UTF8.GetBytes(TextOf(texts[1])));
        var underlined = string.Concat(texts[0].Elements<Run>().Where(r => r.RunProperties?.Underline?.Val?.Value == UnderlineValues.Single).Select(TextOf));
        Assert.Equal(Detainers[Detainers.IndexOf("\u201CBecause", StringComparison.Ordinal)..], underlined);
        Assert.All(
            texts[0].Elements<Run>().Where(r => r.RunProperties?.Underline is not null),
            r => Assert.True(r.RunProperties!.RunStyle!.Val!.Value is CardDocument.UnderlineStyle or CardDocument.EmphasisStyle));
    }

    [Fact]
    public void RenderedAsTextTheFileReadsAsTheCardsInOrder()
    {
        using var document = Open(Build());

        var text = string.Join("\n", Paragraphs(document).Select(Render));

        Assert.Equal(
            """
            [Heading1] Cards from the bot
            [Heading3] Why do deputies face lawsuits over detainers?
            [Heading4] Why do deputies face lawsuits over detainers?
            <Style13ptBold:The Hill 21> [3-2021; “Law enforcement, ACLU urge Biden to end ICE partnership programs”; The Hill; https://thehill.com/x; ¶ 8]
            “These place local law enforcement in a compromised position,” the group wrote. <StyleUnderline:“Because ><Emphasis:detainers><StyleUnderline: request that ><Emphasis:deputies><StyleUnderline: hold individuals beyond their release date without a signed judicial warrant, ><Emphasis:deputies><StyleUnderline: are left vulnerable to costly damages ><Emphasis:lawsuits><StyleUnderline: for constitutional violations.”>
            [Heading4] Why do deputies face lawsuits over detainers?
            <Style13ptBold:Goldstein 21> [Diane Goldstein, executive director, LEAP; 3-17-2021; “Police Can’t Do Our Jobs”; Example Gazette; ¶ 11]
            “Crimes go unsolved and innocent people get hurt,” she added.
            “Immigration policy must not stand in the way of our communities’ safety.”
            [Heading3] Works cited (MLA)
            “Law Enforcement, ACLU Urge Biden to End ICE Partnership Programs.” <i:The Hill>, Mar. 2021, thehill.com/x.
            Goldstein, Diane. “Police Can’t Do Our Jobs.” <i:Example Gazette>, 17 Mar. 2021.
            """.ReplaceLineEndings("\n"),
            text);
    }

    private static byte[] Build()
    {
        var first = new Quote(
            "000.txt#8",
            Detainers,
            1,
            new PassageSource("Law enforcement, ACLU urge Biden to end ICE partnership programs", "The Hill", "https://thehill.com/x", "seeds/000.txt", 8, "2021-03"),
            [Span(Detainers, "detainers"), Span(Detainers, "deputies"), Span(Detainers, "deputies", 2), Span(Detainers, "lawsuits")]);
        var second = new Quote(
            "b.md#11",
            Crimes,
            1,
            new PassageSource("Police Can\u2019t Do Our Jobs", "Example Gazette", null, "seeds/b.md", 11, "2021-03-17") { Authors = ["Diane Goldstein"], AuthorTitle = "executive director, LEAP" },
            []);
        Quote[] quotes = [first, second];
        return CardDocument.Build(
            "Cards from the bot",
            Question,
            [.. quotes.Select(q => CitationFormatter.Format(CitationStyle.Card, q, Question))],
            [.. quotes.Select(q => CitationFormatter.Format(CitationStyle.Mla, q))]);
    }

    private static WordprocessingDocument Open(byte[] bytes) => WordprocessingDocument.Open(new MemoryStream(bytes), isEditable: false);

    private static List<Paragraph> Paragraphs(WordprocessingDocument document) => [.. document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>()];

    /// <summary>Text with breaks as line feeds.</summary>
    private static string TextOf(DocumentFormat.OpenXml.OpenXmlElement element) =>
        string.Concat(element.Descendants().Select(e => e switch
        {
            Text t => t.Text,
            Break => "\n",
            _ => string.Empty,
        }));

    /// <summary>"[ParagraphStyle] text", each styled run as &lt;CharacterStyle:text&gt; and an italic one as &lt;i:text&gt;.</summary>
    private static string Render(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        if (paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value is { } style)
        {
            sb.Append('[').Append(style).Append("] ");
        }

        foreach (var run in paragraph.Elements<Run>())
        {
            var mark = run.RunProperties?.RunStyle?.Val?.Value ?? (run.RunProperties?.Italic is not null ? "i" : null);
            sb.Append(mark is null ? TextOf(run) : $"<{mark}:{TextOf(run)}>");
        }

        return sb.ToString();
    }

    private static TextSpan Span(string text, string word, int occurrence = 1)
    {
        var at = -1;
        for (var i = 0; i < occurrence; i++)
        {
            at = text.IndexOf(word, at + 1, StringComparison.Ordinal);
        }

        return new TextSpan(at, word.Length);
    }
}
