using Bot.Search.Ingestion;

namespace Bot.Tests.Search;

/// <summary>The text rules of ingestion on their own: front matter fences and what counts as a prose paragraph.</summary>
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
}
