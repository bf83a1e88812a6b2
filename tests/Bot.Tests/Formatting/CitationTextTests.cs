using Bot.Formatting;
using Bot.Search.Answers;
using Bot.Search.Citations;

namespace Bot.Tests.Formatting;

public sealed class CitationTextTests
{
    [Fact]
    public void MarksAreWrittenAsDiscordMarkdownHuggingTheirWords()
    {
        const string Text = "Detainers hold people. Sheriffs get sued for it.";
        var quote = new Quote("a.md#1", Text, 0, new PassageSource("Title", "Gazette", null, "seeds/a.md", 1, "2021-03-17") { Authors = ["Ann Lee"] }, [new(23, 8), new(36, 4)]);

        var card = CitationText.Render(CitationFormatter.Format(CitationStyle.Card, quote, "Are sheriffs sued?"));
        var mla = CitationText.Render(CitationFormatter.Format(CitationStyle.Mla, quote));

        Assert.Equal(
            "Are sheriffs sued?\n**Lee 21** [Ann Lee; 3-17-2021; “Title”; Gazette; ¶ 1]\nDetainers hold people. __**Sheriffs** get **sued** for it.__",
            card);
        Assert.Equal("Lee, Ann. “Title.” *Gazette*, 17 Mar. 2021.\n(Lee, par. 1)", mla);
    }

    [Theory]
    [InlineData(CitationStyle.Card)]
    [InlineData(CitationStyle.Mla)]
    [InlineData(CitationStyle.Apa)]
    [InlineData(CitationStyle.Chicago)]
    public void AHugeCitationFitsOneDiscordMessageInACodeBlock(CitationStyle style)
    {
        var text = string.Join(' ', Enumerable.Repeat("Sheriffs get sued ``` for holding people.", 200));
        var title = string.Join(' ', Enumerable.Repeat("Long", 120));
        var quote = new Quote("a.md#1", text, 0, new PassageSource(title, "Gazette", "https://example.org/" + new string('x', 400), "seeds/a.md", 1, "2021-03"), [new(0, 8)]);

        var content = DiscordAnswerFormatter.FormatCitation(CitationFormatter.Format(style, quote, "Are sheriffs sued?"));

        Assert.InRange(content.Length, 1, DiscordAnswerFormatter.ContentLimit);
        var block = content[(content.IndexOf("```\n", StringComparison.Ordinal) + 4)..content.LastIndexOf("\n```", StringComparison.Ordinal)];
        Assert.DoesNotContain("```", block, StringComparison.Ordinal);
        if (style == CitationStyle.Card)
        {
            Assert.EndsWith("the .docx has it whole.*", content, StringComparison.Ordinal);
            Assert.Contains("Are sheriffs sued?\n**Gazette 21**", block, StringComparison.Ordinal);
        }
    }
}
