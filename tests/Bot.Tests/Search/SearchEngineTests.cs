using Bot.Search;
using Bot.Search.Answers;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Search;

public sealed class SearchEngineTests(SeedIndexFixture fixture) : IClassFixture<SeedIndexFixture>
{
    private const string Seed = RepositoryPaths.SeedFileName;

    private readonly SearchEngine _engine = fixture.Engine;

    [Theory]
    [InlineData("unbalanced quote", "\"287(g) program")]
    [InlineData("dangling operator", "AND (")]
    [InlineData("bare NOT", "NOT")]
    [InlineData("wildcard", "*")]
    [InlineData("field syntax", "title:x")]
    [InlineData("regex syntax", "/.*/")]
    [InlineData("fuzzy syntax", "crime~")]
    [InlineData("emoji", "\U0001F694\U0001F6A8 police? \U0001F914")]
    [InlineData("control characters", "ICE\u0000 detainers\u0007\u001b[2J\r\n\t")]
    [InlineData("only stop words", "the and of to a")]
    [InlineData("empty", "")]
    [InlineData("whitespace", "   \t ")]
    [InlineData("lone surrogate", "detainers \uD800 hold")]
    public void HostileInputGetsANormalReply(string inputClass, string question)
    {
        var answer = _engine.Ask(question);
        var page = _engine.Search(question, 0, 10);
        var suggestions = _engine.Suggest(question, 25);

        Assert.Equal(question, answer.Question);
        Assert.NotNull(answer.CorpusTitles);
        Assert.True(answer.Outcome != AnswerOutcome.Declined || answer.Quotes.Count == 0, inputClass);
        Assert.True(page.Total >= page.Hits.Count, inputClass);
        Assert.True(suggestions.Count <= 25, inputClass);
    }

    [Fact]
    public void VeryLongQuestionGetsANormalReply()
    {
        var question = string.Concat(Enumerable.Repeat("Why are deputies exposed to lawsuits and detainers? ", 200))[..10_000];

        var answer = _engine.Ask(question);

        Assert.True(answer.Answered);
        Assert.Equal($"{Seed}#8", answer.Quotes[0].PassageId);
    }

    [Fact]
    public void ManyDistinctWordsStayBelowTheClauseLimit()
    {
        var question = string.Join(' ', Enumerable.Range(0, 3_000).Select(i => $"word{i}"));

        var page = _engine.Search(question, 0, 5);

        Assert.Equal(0, page.Total);
    }

    [Fact]
    public void OnlyStopWordsAreNotAnswered()
    {
        var answer = _engine.Ask("What is the?");

        Assert.False(answer.Answered);
        Assert.Empty(answer.Quotes);
        Assert.Contains("Law enforcement, ACLU urge Biden to end ICE partnership programs", answer.CorpusTitles);
    }

    [Theory]
    [InlineData("287(g)")]
    [InlineData("287g")]
    [InlineData("287G program")]
    [InlineData("287 g")]
    [InlineData("the 287-g program")]
    public void EverySpellingOf287gMatches(string query)
    {
        var page = _engine.Search(query, 0, 20);

        Assert.Equal(3, page.Hits.Count(h => h.Text.Contains("287(g)", StringComparison.Ordinal)));
        var hit = page.Hits[0];
        var marked = hit.Highlights.Select(s => hit.Text.Substring(s.Start, s.Length)).ToList();
        Assert.Contains("287(g)", marked);
    }

    [Theory]
    [InlineData("over 100 a year")]
    [InlineData("section 8 a")]
    public void ANumberAndALetterTheCorpusDoesNotWriteTogetherStayApart(string query)
    {
        // "100a" and "8a" are not terms of the corpus, so the words are searched as typed: "100" still matches.
        var page = _engine.Search(query, 0, 20);

        Assert.Equal(query.Contains("100", StringComparison.Ordinal), page.Hits.Any(h => h.Text.Contains("100", StringComparison.Ordinal)));
    }

    [Fact]
    public void AcronymInQuestionMatchesItsLongForm()
    {
        var page = _engine.Search("ICE", 0, 20);

        var first = page.Hits.Single(h => h.PassageId == $"{Seed}#1");
        var marked = first.Highlights.Select(s => first.Text.Substring(s.Start, s.Length)).ToList();
        Assert.Contains("Immigration", marked);
        Assert.Contains("Customs", marked);
        Assert.Contains("Enforcement\u2019s", marked);
    }

    [Fact]
    public void APassageQuotedAgainIsHighlightedForTheNewQuestion()
    {
        // The same passage for two questions with different words: the second marks its own words, not the first's
        // (a passage's text and analysis are kept after first use; its highlights belong to each question).
        static List<string> Marked(SearchEngine engine, string query) =>
            engine.Search(query, 0, 20).Hits.Single(h => h.PassageId == $"{Seed}#10") is var hit
                ? [.. hit.Highlights.Select(s => hit.Text.Substring(s.Start, s.Length))]
                : [];

        var first = Marked(_engine, "LEAP executive director");
        var second = Marked(_engine, "Diane Goldstein");
        var again = Marked(_engine, "LEAP executive director");

        Assert.Contains("LEAP", first);
        Assert.DoesNotContain("LEAP", second);
        Assert.Contains("Goldstein", second);
        Assert.DoesNotContain("Goldstein", first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void LongFormInQuestionMatchesItsAcronym()
    {
        var page = _engine.Search("Law Enforcement Action Partnership", 0, 20);

        var director = page.Hits.Single(h => h.PassageId == $"{Seed}#10");
        var marked = director.Highlights.Select(s => director.Text.Substring(s.Start, s.Length)).ToList();
        Assert.Contains("LEAP", marked);
    }

    [Fact]
    public void LongFormQuestionFindsPassagesThatUseOnlyTheAcronym()
    {
        var answer = _engine.Ask("What did the American Civil Liberties Union counsel Naureen Shah say?");

        Assert.True(answer.Answered);
        Assert.Equal($"{Seed}#12", answer.Quotes[0].PassageId);
    }

    [Fact]
    public void AcronymQuestionFindsItsDefinition()
    {
        var answer = _engine.Ask("What does LEAP stand for?");

        Assert.True(answer.Answered);
        Assert.Contains("Law Enforcement Action Partnership (LEAP)", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspelledNameMatchesFuzzily()
    {
        var answer = _engine.Ask("Who is Mayorcas?");

        Assert.True(answer.Answered);
        var quote = answer.Quotes[0];
        var marked = quote.Highlights.Select(s => quote.Text.Substring(s.Start, s.Length)).ToList();
        Assert.Contains(marked, m => m.StartsWith("Mayorkas", StringComparison.Ordinal));
    }

    [Fact]
    public void AnswerQuotesWholeParagraphsWithCitations()
    {
        var answer = _engine.Ask("Who is the executive director of LEAP?");

        Assert.True(answer.Answered);
        Assert.InRange(answer.Quotes.Count, 1, 3);
        var quote = answer.Quotes[0];
        Assert.Equal($"{Seed}#10", quote.PassageId);
        Assert.StartsWith("In a statement shared with The Hill, retired Lt. Diane Goldstein", quote.Text, StringComparison.Ordinal);
        Assert.Equal("The Hill", quote.Source.Publisher);
        Assert.Equal($"seeds/{Seed}", quote.Source.File);
        Assert.Equal(10, quote.Source.Paragraph);
        Assert.StartsWith("https://thehill.com/", quote.Source.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("**", quote.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void HighlightsAreOrderedNonOverlappingWordsOfTheText()
    {
        var answer = _engine.Ask("Why won't immigrants report crime to the police?");

        foreach (var quote in answer.Quotes)
        {
            Assert.NotEmpty(quote.Highlights);
            var end = 0;
            foreach (var span in quote.Highlights)
            {
                Assert.True(span.Start >= end);
                Assert.True(span.End <= quote.Text.Length);
                end = span.End;
            }
        }

        var top = answer.Quotes[0];
        var marked = top.Highlights.Select(s => top.Text.Substring(s.Start, s.Length)).ToList();
        Assert.Contains("report", marked);
        Assert.Contains("police", marked);
    }

    [Theory]
    [InlineData("What is the recipe for banana bread?")]
    [InlineData("Which team won the basketball championship?")]
    [InlineData("What did Biden say about climate change?")]
    public void QuestionsNothingBearsOnAreDeclined(string question)
    {
        var answer = _engine.Ask(question);

        Assert.Equal(AnswerOutcome.Declined, answer.Outcome);
        Assert.Empty(answer.Quotes);
        Assert.NotEmpty(answer.CorpusTitles);
    }

    [Fact]
    public void QuestionOnATopicTheCorpusDiscussesButDoesNotAnswerGetsRelatedPassages()
    {
        // Susan Rice is named in the article; China is not: by words alone the passage holds too little of the
        // question to answer it but enough to bear on it.
        var answer = _engine.Ask("What did Susan Rice say about China?");

        Assert.Equal(AnswerOutcome.Related, answer.Outcome);
        Assert.False(answer.Answered);
        Assert.Contains("Susan Rice", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchPagesThroughTheRanking()
    {
        var all = _engine.Search("ICE detainers", 0, 100);
        var second = _engine.Search("ICE detainers", 2, 2);

        Assert.Equal(all.Total, second.Total);
        Assert.Equal(all.Hits.Skip(2).Take(2).Select(h => h.PassageId), second.Hits.Select(h => h.PassageId));
        Assert.True(all.Hits.Zip(all.Hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.Equal(all.Total, _engine.Search("ICE detainers", 0, 0).Total);
        Assert.Empty(_engine.Search("ICE detainers", int.MaxValue, int.MaxValue).Hits);
    }

    [Fact]
    public void SourcesListTheDocumentWithItsPassageCount()
    {
        var source = Assert.Single(_engine.Sources());

        Assert.Equal("Law enforcement, ACLU urge Biden to end ICE partnership programs", source.Title);
        Assert.Equal("The Hill", source.Publisher);
        Assert.Equal($"seeds/{Seed}", source.File);
        Assert.Equal(14, source.PassageCount);
    }

    [Fact]
    public void GetPassageFindsAPassageById()
    {
        var quote = _engine.GetPassage($"{Seed}#7");

        Assert.NotNull(quote);
        Assert.Contains("additional 48 hours", quote.Text, StringComparison.Ordinal);
        Assert.Equal(7, quote.Source.Paragraph);
        Assert.Null(_engine.GetPassage($"{Seed}#99"));
        Assert.Null(_engine.GetPassage("title:x OR *"));
    }

    [Fact]
    public void SuggestCompletesThePartlyTypedWord()
    {
        var suggestions = _engine.Suggest("Mayor", 25);

        Assert.InRange(suggestions.Count, 1, 25);
        Assert.Contains(suggestions, s => s.PassageId == $"{Seed}#2");
        Assert.Equal(14, _engine.Suggest(string.Empty, 25).Count);
        Assert.Equal(3, _engine.Suggest(string.Empty, 3).Count);
    }
}
