using Bot.Search.Ingestion;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Citations;

/// <summary>The metadata citations are built from: read from front matter or a sidecar, checked with file:line.</summary>
public sealed class CitationMetadataTests
{
    [Fact]
    public void AuthorsQualificationsAndDatesAreRead()
    {
        var metadata = MetadataParser.Parse(
            [
                "author: Diane Goldstein; Shah, Naureen",
                "author: Vincent van Gogh",
                "author_title: executive director, LEAP",
                "date: 2021-03-17",
                "accessed: 2021-04",
            ],
            "a.meta");

        Assert.Equal(["Diane Goldstein", "Shah, Naureen", "Vincent van Gogh"], metadata.Authors);
        Assert.Equal("executive director, LEAP", metadata.AuthorTitle);
        Assert.Equal("2021-03-17", metadata.Date);
        Assert.Equal("2021-04", metadata.Accessed);
    }

    [Fact]
    public void SidecarAuthorsReplaceFrontMatterAuthors()
    {
        var front = MetadataParser.Parse(["author: A One"], "a.md");
        var sidecar = MetadataParser.Parse(["author: B Two", "author_title: reporter"], "a.md.meta");

        var merged = front.MergeWith(sidecar);

        Assert.Equal(["B Two"], merged.Authors);
        Assert.Equal("reporter", merged.AuthorTitle);
    }

    [Theory]
    [InlineData("date: March 2021", "a.meta:3: date 'March 2021' is not a date written YYYY-MM-DD or YYYY-MM")]
    [InlineData("date: 2021-02-30", "a.meta:3: date '2021-02-30' is not a date written YYYY-MM-DD or YYYY-MM")]
    [InlineData("accessed: 21-3-2021", "a.meta:3: accessed '21-3-2021' is not a date written YYYY-MM-DD or YYYY-MM")]
    [InlineData("url: ftp://example.org/x", "a.meta:3: url 'ftp://example.org/x' is not an http or https link")]
    [InlineData("author: King, Martin Luther, Jr.", "a.meta:3: author 'King, Martin Luther, Jr.' has more than one comma: write 'First Last' or 'Last, First', and separate authors with ';'")]
    public void UnusableValuesAreErrorsNamingTheLine(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MetadataParser.Parse(["title: T", "", line], "a.meta"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void HugeValuesAreRefused()
    {
        var error = Assert.Throws<FormatException>(() => MetadataParser.Parse(["author_title: " + new string('x', 5000)], "a.meta"));
        Assert.Equal("a.meta:1: 'author_title' is 5000 characters long; at most 500 are accepted", error.Message);

        var many = string.Join("; ", Enumerable.Range(1, 21).Select(i => $"Author {i}"));
        Assert.Equal("a.meta:1: 21 authors; at most 20 are accepted", Assert.Throws<FormatException>(() => MetadataParser.Parse(["author: " + many], "a.meta")).Message);
    }

    [Fact]
    public void FrontMatterErrorsCountLinesFromTheTopOfTheFile()
    {
        var error = Assert.Throws<FormatException>(() => MetadataParser.SplitFrontMatter("---\ntitle: T\ndate: 2021/03/01\n---\nBody text here.\n", "brief.md"));

        Assert.StartsWith("brief.md:3: date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentWithAnUnusableDateIsSkippedWithItsFileAndLineAndTheOthersAreIndexed()
    {
        using var corpus = new TempCorpus(withSeedArticle: false);
        corpus.AddSeed("good.md", "---\ntitle: Good\nauthor: Ann Lee\ndate: 2021-03\n---\nSheriffs say detainers put deputies at risk of lawsuits.\n");
        corpus.AddSeed("bad.md", "---\ntitle: Bad\ndate: last Tuesday\n---\nSheriffs say detainers put deputies at risk of lawsuits.\n");

        var build = corpus.Build();
        using var engine = corpus.Open();

        var skipped = Assert.Single(build.Skipped);
        Assert.Equal(SkipKind.BadMetadata, skipped.Kind);
        Assert.EndsWith("bad.md:3: date 'last Tuesday' is not a date written YYYY-MM-DD or YYYY-MM", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(["Ann Lee"], engine.GetPassage("good.md#1")!.Source.Authors);
    }
}
