using System.Text;
using Bot.Formatting;
using Bot.Search.Answers;
using Bot.Search.Citations;

namespace Bot.Tests.Formatting;

public sealed class DiscordAnswerFormatterTests
{
    private static readonly PassageSource Source = new(
        "Law enforcement, ACLU urge Biden to end ICE partnership programs",
        "The Hill",
        "https://thehill.com/policy/national-security/543496-law-enforcement/",
        "seeds/article.txt",
        7,
        "2021-03");

    [Theory]
    [InlineData("@everyone look", "@\u200Beveryone look")]
    [InlineData("hi @here", "hi @\u200Bhere")]
    [InlineData("<@123456789012345678>", "\\<@123456789012345678\\>")]
    [InlineData("<@&42> and <#7>", "\\<@&42\\> and \\<\\#7\\>")]
    [InlineData("**not bold** _nor_ ~~this~~", "\\*\\*not bold\\*\\* \\_nor\\_ \\~\\~this\\~\\~")]
    [InlineData("[masked](https://evil.example)", "\\[masked\\](https\\://evil.example)")]
    [InlineData("`code` | spoiler ||x||", "\\`code\\` \\| spoiler \\|\\|x\\|\\|")]
    [InlineData("# heading", "\\# heading")]
    [InlineData("1. list", "1\\. list")]
    [InlineData("line one\nline two", "line one line two")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("287(g) program", "287(g) program")]
    public void EscapeNeutralisesMarkdownAndMentions(string input, string expected)
    {
        Assert.Equal(expected, DiscordMarkdown.Escape(input));
    }

    [Fact]
    public void AnswerQuotesPassageWithMatchedWordsInBoldAndCitesIt()
    {
        var text = "Crimes go unsolved and innocent people get hurt, she added.";
        var quote = new Quote("article.txt#12", text, 3.2, Source, [new TextSpan(0, 6), new TextSpan(10, 8)]);
        var answer = new Answer("Who said crimes go unsolved?", AnswerOutcome.Answered, [quote], ["Law enforcement"]);

        var content = DiscordAnswerFormatter.FormatAnswer(answer);

        Assert.Contains("> **Crimes** go **unsolved** and innocent people get hurt, she added.", content, StringComparison.Ordinal);
        Assert.Contains("— [Law enforcement, ACLU urge Biden to end ICE partnership programs](<https://thehill.com/policy/national-security/543496-law-enforcement/>)", content, StringComparison.Ordinal);
        Assert.Contains("The Hill", content, StringComparison.Ordinal);
        Assert.Contains("paragraph 7", content, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclinedQuestionSaysSoAndNamesWhatTheCorpusCovers()
    {
        var answer = new Answer("What is the recipe for banana bread?", AnswerOutcome.Declined, [], ["Law enforcement, ACLU urge Biden"]);

        var content = DiscordAnswerFormatter.FormatAnswer(answer);

        Assert.Contains("Nothing in the sources I have bears on that", content, StringComparison.Ordinal);
        Assert.Contains("*Law enforcement, ACLU urge Biden*", content, StringComparison.Ordinal);
        Assert.DoesNotContain("> ", content, StringComparison.Ordinal);
    }

    [Fact]
    public void RelatedPassagesAreOfferedUnderANoteThatTheSourcesDoNotSayIt()
    {
        var quote = new Quote("article.txt#3", "The programs are a major factor destroying community trust.", 0.7, Source, []);
        var related = new Answer("How many counties signed 287(g) agreements?", AnswerOutcome.Related, [quote], ["Law enforcement"]);
        var answered = related with { Outcome = AnswerOutcome.Answered };

        var content = DiscordAnswerFormatter.FormatAnswer(related);

        Assert.Contains(DiscordAnswerFormatter.RelatedNote, content, StringComparison.Ordinal);
        Assert.True(content.IndexOf(DiscordAnswerFormatter.RelatedNote, StringComparison.Ordinal) < content.IndexOf("> ", StringComparison.Ordinal));
        Assert.Contains("> The programs are a major factor", content, StringComparison.Ordinal);
        Assert.DoesNotContain(DiscordAnswerFormatter.RelatedNote, DiscordAnswerFormatter.FormatAnswer(answered), StringComparison.Ordinal);
    }

    [Fact]
    public void LongPassagesAreCutAtASentenceWithAnEllipsisAndTheMessageStaysWithinTheLimit()
    {
        var sentence = "Deputies are left vulnerable to costly damages lawsuits for constitutional violations. ";
        var longText = new StringBuilder().Insert(0, sentence, 60).ToString().Trim();
        var quotes = Enumerable.Range(1, 3)
            .Select(i => new Quote($"long.txt#{i}", longText, 1.0 / i, Source with { Paragraph = i }, [new TextSpan(0, 8)]))
            .ToList();

        var content = DiscordAnswerFormatter.FormatAnswer(new Answer("Why are deputies sued?", AnswerOutcome.Answered, quotes, []));

        Assert.InRange(content.Length, 1, DiscordAnswerFormatter.ContentLimit);
        Assert.Equal(3, CountOccurrences(content, "violations. …"));
        Assert.Equal(3, CountOccurrences(content, "excerpt"));
        Assert.Equal(3, CountOccurrences(content, "— ["));
    }

    [Fact]
    public void APassageWithoutSentenceBreaksIsCutBetweenWordsNeverMidWord()
    {
        var words = string.Join(' ', Enumerable.Repeat("immigration", 400));
        var quote = new Quote("w.txt#1", words, 1, Source, []);

        var content = DiscordAnswerFormatter.FormatAnswer(new Answer("q", AnswerOutcome.Answered, [quote], []));

        Assert.InRange(content.Length, 1, DiscordAnswerFormatter.ContentLimit);
        Assert.Contains("immigration …", content, StringComparison.Ordinal);
        Assert.DoesNotContain("immigr …", content, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileDocumentAndQuestionTextCannotPingOrBreakOut()
    {
        var text = "@everyone <@123> **x** [link](https://a.b) > quote ``` end";
        var quote = new Quote("h.txt#1", text, 1, Source with { Title = "<@&99> ]title[", Url = "javascript:alert(1)" }, []);
        var answer = new Answer("@here <@1> `", AnswerOutcome.Answered, [quote], []);

        var content = DiscordAnswerFormatter.FormatAnswer(answer);

        Assert.DoesNotContain("@everyone", content, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", content, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!\\)<@", content);
        Assert.DoesNotContain("javascript", content, StringComparison.Ordinal);
        Assert.DoesNotContain("[link]", content, StringComparison.Ordinal);
    }

    [Fact]
    public void CitationIsPasteReadyInACodeBlockNamingItsStyle()
    {
        var quote = new Quote("a.txt#7", "Crimes go unsolved and innocent people get hurt.", 1, Source, []);

        var citation = DiscordAnswerFormatter.FormatCitation(CitationFormatter.Format(CitationStyle.Mla, quote));

        Assert.StartsWith("**MLA 9**, ready to paste:\n```\n“Law Enforcement, ACLU Urge Biden to End ICE Partnership Programs.” *The Hill*, Mar. 2021, thehill.com/", citation, StringComparison.Ordinal);
        Assert.EndsWith("\n(“Law Enforcement,” par. 7)\n```", citation, StringComparison.Ordinal);
        Assert.InRange(citation.Length, 1, DiscordAnswerFormatter.ContentLimit);
    }

    [Fact]
    public void CardOfAHugePassageStaysWithinTheLimitAndCannotCloseTheCodeBlock()
    {
        var text = string.Join(' ', Enumerable.Repeat("word ``` word", 900));
        var citation = DiscordAnswerFormatter.FormatCitation(CitationFormatter.Format(CitationStyle.Card, new Quote("x#1", text, 1, Source, [])));

        Assert.InRange(citation.Length, 1, DiscordAnswerFormatter.ContentLimit);
        Assert.Equal(2, CountOccurrences(citation, "```"));
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
