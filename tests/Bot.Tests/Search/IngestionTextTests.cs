using Bot.Search.Ingestion;

namespace Bot.Tests.Search;

/// <summary>
/// The text rules of ingestion on their own: front matter fences, what counts as a prose paragraph, where its
/// reference list starts, where its sentences end, and how a long paragraph is cut.
/// </summary>
public sealed class IngestionTextTests
{
    [Theory]
    [InlineData("---\ntitle: A\n---\nBody line.\n", "A", "Body line.\n", 4)]
    [InlineData("---\r\ntitle: A\r\n---\r\nBody line.\r\n", "A", "Body line.\r\n", 4)]
    [InlineData("\uFEFF--- \t\ntitle: A\n---  \nBody.", "A", "Body.", 4)]
    [InlineData("---\n\n# a comment\ntitle: A\n---", "A", "", 6)]
    [InlineData("---\ntitle: A\n---\n", "A", "", 4)]
    [InlineData("---\n---\nBody.\n---\nMore.", null, "Body.\n---\nMore.", 3)]
    public void FrontMatterEndsAtTheFirstClosingFence(string text, string? title, string body, int bodyFirstLine)
    {
        var (metadata, actualBody, actualFirstLine) = MetadataParser.SplitFrontMatter(text, "doc.md");

        Assert.Equal(title, metadata.Title);
        Assert.Equal(body, actualBody);
        Assert.Equal(bodyFirstLine, actualFirstLine);
    }

    [Theory]
    [InlineData("---\ntitle: A\nno closing fence\n")]
    [InlineData("---")]
    [InlineData("title: A\n---\nBody.\n")]
    [InlineData("----\ntitle: A\n----\nBody.\n")]
    [InlineData("")]
    public void TextWithoutAClosedFenceIsAllBody(string text)
    {
        var (metadata, body, firstLine) = MetadataParser.SplitFrontMatter(text, "doc.md");

        Assert.Same(DocumentMetadata.Empty, metadata);
        Assert.Equal(text, body);
        Assert.Equal(1, firstLine);
    }

    [Fact]
    public void FrontMatterErrorsNameTheFileLine()
    {
        var error = Assert.Throws<FormatException>(() => MetadataParser.SplitFrontMatter("---\ntitle: A\n\nnot a pair\n---\nBody.\n", "doc.md"));

        Assert.StartsWith("doc.md:4:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("One two three four five six seven eight.", true)]
    [InlineData("One two three four five six seven.", false)]
    [InlineData("One two three four - -- — five six seven.", false)]
    [InlineData("One\ttwo\u00A0three\nfour  five six seven 8.", true)]
    [InlineData("“One two three four five six seven eight?”", true)]
    [InlineData("One two three four five six seven eight", false)]
    [InlineData("One two three four five six seven eight. [12]", true)]
    [InlineData("One two three four five six seven eight.[iv]", true)]
    [InlineData("One two three four five six seven eight [3].", true)]
    [InlineData("One two three four five six seven eight. And a tail without a stop", true)]
    [InlineData("Sign in. Subscribe now and get fifty percent off today", false)]
    [InlineData("See all Hill.TV See all Video and more and more", false)]
    [InlineData("   ", false)]
    public void ProseNeedsEightWordsWithLettersOrDigitsAndSentencePunctuation(string text, bool prose)
    {
        Assert.Equal(prose, PassageSplitter.IsProse(text));
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void AHeadlineHasThreeToThirtyWords(int words, bool headline)
    {
        var line = string.Join(' ', Enumerable.Range(1, words).Select(i => $"w{i}"));

        var split = PassageSplitter.Split($"Section\n\n{line}\n\nThe body paragraph has more than enough words to count as prose.\n");

        Assert.Equal(headline ? line : "Section", split.Headline);
    }

    [Theory]
    [InlineData(
        "Iron deficiency leads to a loss of productivity.  [1] Bupa's Health Information Team, \u2018Iron-deficiency anaemia\u2019, bupa.co.uk, March 2010,",
        "Iron deficiency leads to a loss of productivity.")]
    [InlineData(
        "Meat farming drives deforestation. [1] It also uses water. [2]  [1] Tara Kelly, How Eating Meat Can Save the World, 2010  [2] Lucy Siegle, The Observer, 2008",
        "Meat farming drives deforestation. [1] It also uses water. [2]")]
    [InlineData(
        "Warnings stop most consumers from downloading illegally. [2] [1] IFPI, Digital Music Report 2009.   [2] Bomsel, 2009.",
        "Warnings stop most consumers from downloading illegally. [2]")]
    [InlineData(
        "The prose ends here and cites nothing at all today.\n[1] A reference on a line of its own, 2011.\n[2] Another one, 2012.",
        "The prose ends here and cites nothing at all today.")]
    [InlineData(
        "Sponsors pay to keep competitors out of the event [i] .  [i] London 2012: Coe Sparks Olympic Sponsorship Row. The Guardian. 2012.",
        "Sponsors pay to keep competitors out of the event [i] .")]
    [InlineData(
        "In England the fall in smoking rates accelerated 1 after the ban.  1 Daily Mail Reporter, Smoking ban spurs 400,000 to quit, 2008,",
        "In England the fall in smoking rates accelerated 1 after the ban.")]
    [InlineData(
        "The scheme ensures an even playing field across borders and industries.2  1. European Trading System, 2010  2. European Commission",
        "The scheme ensures an even playing field across borders and industries.2")]
    public void TrailingReferenceListIsNotPartOfTheParagraph(string block, string paragraph)
    {
        var split = PassageSplitter.Split(block);

        Assert.Equal(paragraph, Assert.Single(split.Paragraphs));
        Assert.StartsWith(paragraph, block, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("It must be remembered that the benefits to humans outweigh this. [5]")]
    [InlineData("Animal research now has better results than other ways of doing research.  [8]")]
    [InlineData("The first reason is cost. [1] The second reason [2] is that nobody asked for it. [3]")]
    [InlineData("Some drugs trials go very wrong even with animal testing [15].")]
    [InlineData("Most people live in cities.  1 in 5 people still lives in the countryside, mostly in farming towns.")]
    [InlineData("Steps to follow before the vote begins:\n1. Register at the town hall before May.\n2. Bring an ID card.")]
    [InlineData("Two dozen House Democrats on Monday sent a letter to Mayorkas urging them to phase out contracts.")]
    public void FootnoteMarksAndNumbersInProseStayInTheParagraph(string block)
    {
        var split = PassageSplitter.Split(block);

        Assert.Equal(block, Assert.Single(split.Paragraphs));
    }

    [Fact]
    public void ABlockThatIsOnlyAReferenceListIsNotAParagraph()
    {
        var split = PassageSplitter.Split("The body paragraph has more than enough words to count as prose.\n\n[1] Kelly, Tara, How Eating Meat Can Save the World, 12 October 2010.\n");

        Assert.Equal(["The body paragraph has more than enough words to count as prose."], split.Paragraphs);
    }

    [Fact]
    public void ABlockWithoutAFinalFullStopIsStillAParagraph()
    {
        const string Block = "The EU ETS trading scheme is an example of just such an endeavour. (See Carbon Trading Schemes";

        Assert.Equal(Block, Assert.Single(PassageSplitter.Split(Block).Paragraphs));
    }

    [Theory]
    [InlineData("Dr. Smith met Lt. Diane Goldstein of the U.S. Army. She agreed.", "Dr. Smith met Lt. Diane Goldstein of the U.S. Army.|She agreed.")]
    [InlineData("Costs rose by 3.5 percent, e.g. Rent and food. Wages did not.", "Costs rose by 3.5 percent, e.g. Rent and food.|Wages did not.")]
    [InlineData("It was raining. \u201CGo home,\u201D she said. [2] Then it stopped.", "It was raining.|\u201CGo home,\u201D she said. [2]|Then it stopped.")]
    [InlineData("They sold cars, bikes etc. and then closed.", "They sold cars, bikes etc. and then closed.")]
    [InlineData("J. R. R. Tolkien wrote it in No. 20 Northmoor Road. It sold well!", "J. R. R. Tolkien wrote it in No. 20 Northmoor Road.|It sold well!")]
    [InlineData("Why? Nobody knew\u2026 The end came at 5 p.m. Friday.", "Why?|Nobody knew\u2026|The end came at 5 p.m. Friday.")]
    [InlineData("The two states made peace.(1)  Both still keep armies.2 Costs rose by 2005.2 Percent. And a tail", "The two states made peace.(1)|Both still keep armies.2|Costs rose by 2005.2 Percent.|And a tail")]
    [InlineData("  One sentence without a stop  ", "One sentence without a stop")]
    public void SentencesEndAtStopsButNotAtAbbreviationsInitialsOrDecimals(string text, string sentences)
    {
        var spans = Sentences.Spans(text);

        Assert.Equal(sentences.Split('|'), spans.Select(s => text[s.Start..s.End]));
    }

    [Fact]
    public void ALongBlockIsCutIntoSentenceAlignedVerbatimPiecesOfReadableLength()
    {
        var block = LongBlock(600);

        var pieces = PassageSplitter.Cut(block);

        Assert.InRange(pieces.Count, 600 / PassageSplitter.MaxPassageWords, 600 / 60);
        Assert.Equal(block, string.Join(' ', pieces));
        Assert.All(pieces, p => Assert.Contains(p, block, StringComparison.Ordinal));
        Assert.All(pieces, p => Assert.StartsWith("Sentence ", p, StringComparison.Ordinal));
        Assert.All(pieces, p => Assert.EndsWith(".", p, StringComparison.Ordinal));
        Assert.All(pieces, p => Assert.InRange(Words(p), 45, PassageSplitter.MaxPassageWords));
    }

    [Theory]
    [InlineData(PassageSplitter.MaxPassageWords, 1)]
    [InlineData(PassageSplitter.MaxPassageWords + 10, 2)]
    public void ABlockWithinTheLimitIsNotCutAndOneJustOverItIsHalved(int words, int pieces)
    {
        var cut = PassageSplitter.Cut(LongBlock(words));

        Assert.Equal(pieces, cut.Count);
        Assert.All(cut, p => Assert.InRange(Words(p), words / pieces / 2, PassageSplitter.MaxPassageWords));
    }

    [Fact]
    public void ALoneVeryLongSentenceIsKeptWhole()
    {
        var sentence = string.Join(' ', Enumerable.Range(1, 200).Select(i => $"word{i}")) + ".";

        Assert.Equal([sentence], PassageSplitter.Cut(sentence));
    }

    [Fact]
    public void AbbreviationsDoNotCutAPassage()
    {
        // Every sentence carries stops that do not end it; a cut after any of them would leave a piece that starts
        // in the middle of a sentence.
        var block = string.Join(' ', Enumerable.Range(1, 30).Select(i =>
            $"Sentence {i} quotes Dr. Jones and Lt. Diane Goldstein of the U.S. Army, e.g. on costs of 3.5 percent since Jan. 2020 in detail."));

        var pieces = PassageSplitter.Cut(block);

        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.Matches(@"^Sentence \d+ quotes .* in detail\.$", p));
    }

    /// <summary>A single block of exactly <paramref name="words"/> words (at least 5) in sentences of 5 to 31 words, each starting "Sentence n".</summary>
    private static string LongBlock(int words)
    {
        var sentences = new List<string>();
        var total = 0;
        for (var i = 1; total < words; i++)
        {
            var length = 5 + (i * 7 % 23);
            if (words - total - length < 5)
            {
                length = words - total;
            }

            var filler = Enumerable.Range(0, length - 2).Select(w => $"w{w}");
            sentences.Add($"Sentence {i} {string.Join(' ', filler)}.");
            total += length;
        }

        return string.Join(' ', sentences);
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
