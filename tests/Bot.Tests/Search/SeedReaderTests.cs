using Bot.Search.Ingestion;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Search;

public sealed class SeedReaderTests : IDisposable
{
    private readonly TempCorpus _corpus = new(withSeedArticle: false);

    [Fact]
    public void SeedArticleGivesItsFourteenBodyParagraphsVerbatim()
    {
        var document = ReadRealSeed();

        Assert.Equal(14, document.Passages.Count);
        Assert.Equal(Enumerable.Range(1, 14), document.Passages.Select(p => p.Paragraph));
        Assert.Equal(Enumerable.Range(1, 14).Select(i => $"{RepositoryPaths.SeedFileName}#{i}"), document.Passages.Select(p => p.Id));
        Assert.StartsWith("A coalition of more than 100 law enforcement professionals", document.Passages[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("lack of access to legal counsel.\u201D", document.Passages[13].Text, StringComparison.Ordinal);
        Assert.Contains("Immigration and Customs Enforcement\u2019s (ICE)", document.Passages[0].Text, StringComparison.Ordinal);

        var raw = File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, RepositoryPaths.SeedFileName));
        Assert.All(document.Passages, p => Assert.Contains(p.Text, raw, StringComparison.Ordinal));
        Assert.All(document.Passages, p => Assert.Equal(p.Text.Trim(), p.Text));
    }

    [Fact]
    public void SeedArticleSkipsSectionCreditTagsAndNavigation()
    {
        var texts = ReadRealSeed().Passages.Select(p => p.Text).ToList();

        Assert.DoesNotContain(texts, t => t.Contains("Getty Images", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.StartsWith("Tags ", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("Most Popular", StringComparison.Ordinal) || t.Contains("See all", StringComparison.Ordinal));
        Assert.DoesNotContain("National Security", texts);
    }

    [Fact]
    public void SeedArticleTakesMetadataFromItsSidecarAndTagsFromTheTagsLine()
    {
        var document = ReadRealSeed();

        Assert.Equal("Law enforcement, ACLU urge Biden to end ICE partnership programs", document.Title);
        Assert.Equal("The Hill", document.Metadata.Publisher);
        Assert.Equal("National Security", document.Metadata.Section);
        Assert.Equal("2021-03", document.Metadata.Date);
        Assert.StartsWith("https://thehill.com/policy/national-security/543496-", document.Metadata.Url, StringComparison.Ordinal);
        var tags = Assert.Single(document.Metadata.Tags);
        Assert.StartsWith("287(g) ACLU Alejandro Mayorkas", tags, StringComparison.Ordinal);
        Assert.EndsWith("Susan Rice", tags, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedArticleWithoutSidecarTakesItsHeadlineAsTitle()
    {
        File.Copy(Path.Combine(RepositoryPaths.Seeds, RepositoryPaths.SeedFileName), Path.Combine(_corpus.SeedsDir, RepositoryPaths.SeedFileName));

        var document = Read(RepositoryPaths.SeedFileName);

        Assert.Equal("Law enforcement, ACLU urge Biden to end ICE partnership programs", document.Title);
        Assert.Null(document.Metadata.Publisher);
        Assert.Equal(14, document.Passages.Count);
    }

    [Fact]
    public void MarkdownFrontMatterGivesMetadataAndIsNotAPassage()
    {
        _corpus.AddSeed("brief.md", """
            ---
            title: "Detainers explained"
            publisher: Example Press
            url: https://example.org/detainers
            date: 2022-05-01
            tags: [detainers, ICE, 287(g)]
            ---
            # Detainers explained

            A detainer is a request that a jail hold a person for up to two more days.

            Short line

            Sheriffs say they cannot hold anyone without a warrant signed by a judge.
            """);

        var document = Read("brief.md");

        Assert.Equal("Detainers explained", document.Title);
        Assert.Equal("Example Press", document.Metadata.Publisher);
        Assert.Equal("https://example.org/detainers", document.Metadata.Url);
        Assert.Equal("2022-05-01", document.Metadata.Date);
        Assert.Equal(["detainers", "ICE", "287(g)"], document.Metadata.Tags);
        Assert.Equal(
            ["A detainer is a request that a jail hold a person for up to two more days.", "Sheriffs say they cannot hold anyone without a warrant signed by a judge."],
            document.Passages.Select(p => p.Text));
        Assert.Equal("brief.md#2", document.Passages[1].Id);
    }

    [Fact]
    public void SidecarOverridesFrontMatter()
    {
        _corpus.AddSeed("note.md", "---\ntitle: Old title\npublisher: Old\n---\nThe sidecar should win over the front matter for every field it sets.\n");
        _corpus.AddSeed("note.md.meta", "title: New title\n");

        var document = Read("note.md");

        Assert.Equal("New title", document.Title);
        Assert.Equal("Old", document.Metadata.Publisher);
    }

    [Fact]
    public void PlainTextWithoutMetadataTakesItsHeadlineOrFileName()
    {
        _corpus.AddSeed("headline.txt", "Opinion\n\nWhy sheriffs doubt the detainer system\n\nMany sheriffs have said that detainers put their deputies at legal risk.\n");
        _corpus.AddSeed("bare.txt", "Many sheriffs have said that detainers put their deputies at legal risk.\n");

        Assert.Equal("Why sheriffs doubt the detainer system", Read("headline.txt").Title);
        Assert.Equal("Many sheriffs have said that detainers put their deputies at legal risk.", Read("bare.txt").Title);
    }

    [Fact]
    public void HtmlPageGivesTitleAndParagraphs()
    {
        _corpus.AddSeed("page.html", "<html><head><title>Jail holds &amp; warrants</title><script>var x = 'no.';</script></head><body><nav>Home</nav><p>Jails may hold a person for <b>48 hours</b> after release when a detainer arrives.</p></body></html>");

        var document = Read("page.html");

        Assert.Equal("Jail holds & warrants", document.Title);
        Assert.Equal("Jails may hold a person for 48 hours after release when a detainer arrives.", Assert.Single(document.Passages).Text);
    }

    [Fact]
    public void ArgumentEndingInAReferenceListGivesItsProseVerbatim()
    {
        const string Prose = "Iron deficiency is the most common nutritional disorder in the world. [1] It leads to tiredness and a loss of productivity.";
        var raw = "---\ntitle: Iron\npublisher: idebate.org\n---\n\n" + Prose
            + "  [1] Bupa's Health Information Team, \u2018Iron-deficiency anaemia\u2019, bupa.co.uk, March 2010,\n";
        _corpus.AddSeed("arg.md", raw);

        var passage = Assert.Single(Read("arg.md").Passages);

        Assert.Equal(Prose, passage.Text);
        Assert.Equal("arg.md#1", passage.Id);
        Assert.Equal(1, passage.Paragraph);
        Assert.Null(passage.Part);
    }

    [Fact]
    public void LongSingleBlockGetsAPassagePerPieceWithItsParagraphAndPart()
    {
        var block = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Argument {i} says that county jails hold people for {i} more days without a warrant."));
        var raw = $"---\ntitle: Detainers\n---\n\nA short first paragraph that is prose enough to count.\n\n{block}  [1] A source, 2010.\n";
        _corpus.AddSeed("long.md", raw);

        var passages = Read("long.md").Passages;

        Assert.Equal(("long.md#1", 1, (int?)null), (passages[0].Id, passages[0].Paragraph, passages[0].Part));
        var parts = passages.Skip(1).ToList();
        Assert.InRange(parts.Count, 600 / PassageSplitter.MaxPassageWords, 600 / 60);
        Assert.All(parts, p => Assert.Equal(2, p.Paragraph));
        Assert.Equal(Enumerable.Range(1, parts.Count), parts.Select(p => p.Part ?? 0));
        Assert.Equal(parts.Select(p => $"long.md#2.{p.Part}"), parts.Select(p => p.Id));
        Assert.Equal(block, string.Join(' ', parts.Select(p => p.Text)));
        Assert.All(parts, p => Assert.Contains(p.Text, raw, StringComparison.Ordinal));
        Assert.All(parts, p => Assert.Matches(@"^Argument \d+ .* warrant\.$", p.Text));
    }

    [Fact]
    public void BrokenFilesAreSkippedWithTheirReasons()
    {
        _corpus.AddSeed("good.txt", "This is a perfectly ordinary paragraph that the reader should index.\n");
        _corpus.AddSeedBytes("binary.txt", [0x50, 0x4B, 0x00, 0x03, 0x04]);
        _corpus.AddSeedBytes("latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x2E]);
        _corpus.AddSeed("empty.md", string.Empty);
        _corpus.AddSeed("huge.txt", new string('a', 2_000) + " is a long line of text that ends here.");
        _corpus.AddSeed("nav.txt", "Most Popular\n\nLoad more\n");
        _corpus.AddSeed("badmeta.txt", "A paragraph with a sidecar whose metadata cannot be parsed at all.\n");
        _corpus.AddSeed("badmeta.txt.meta", "title: fine\nthis line has no colon\n");

        var results = new SeedReader(new SeedReaderOptions { MaxFileBytes = 1_000 }).ReadFolder(_corpus.SeedsDir).ToList();

        Assert.Equal("good.txt", Assert.Single(results, r => r.Document is not null).Document?.FileName);
        var reasons = results.Where(r => r.Skipped is not null).ToDictionary(r => Path.GetFileName(r.Skipped?.Path) ?? string.Empty, r => r.Skipped?.Reason ?? string.Empty);
        Assert.Contains("NUL", reasons["binary.txt"], StringComparison.Ordinal);
        Assert.Contains("UTF-8", reasons["latin1.txt"], StringComparison.Ordinal);
        Assert.Contains("empty", reasons["empty.md"], StringComparison.Ordinal);
        Assert.Contains("limit", reasons["huge.txt"], StringComparison.Ordinal);
        Assert.Contains("no prose", reasons["nav.txt"], StringComparison.Ordinal);
        Assert.Contains("badmeta.txt.meta:2", reasons["badmeta.txt"], StringComparison.Ordinal);
        var kinds = results.Where(r => r.Skipped is not null).ToDictionary(r => Path.GetFileName(r.Skipped?.Path) ?? string.Empty, r => r.Skipped?.Kind);
        Assert.Equal(
            new Dictionary<string, SkipKind?>
            {
                ["binary.txt"] = SkipKind.Binary,
                ["latin1.txt"] = SkipKind.NotUtf8,
                ["empty.md"] = SkipKind.Empty,
                ["huge.txt"] = SkipKind.TooLarge,
                ["nav.txt"] = SkipKind.NoProse,
                ["badmeta.txt"] = SkipKind.BadMetadata,
            },
            kinds);
    }

    [Fact]
    public void AcronymsAreLearnedFromTheirDefinitions()
    {
        var acronyms = AcronymLearner.Learn(ReadRealSeed().Passages.Select(p => p.Text));

        Assert.Equal("American Civil Liberties Union", acronyms["ACLU"]);
        Assert.Equal("Immigration and Customs Enforcement", acronyms["ICE"]);
        Assert.Equal("Law Enforcement Action Partnership", acronyms["LEAP"]);
    }

    [Theory]
    [InlineData("the World Health Organization (WHO) said", "WHO", "World Health Organization")]
    [InlineData("the Department of Homeland Security (DHS) said", "DHS", "Department of Homeland Security")]
    [InlineData("said the agency (ICE) today", null, null)]
    [InlineData("a very important thing (VIT) here", null, null)]
    public void AcronymNeedsMatchingCapitalisedInitials(string text, string? acronym, string? longForm)
    {
        var acronyms = AcronymLearner.Learn([text]);

        if (acronym is null)
        {
            Assert.Empty(acronyms);
        }
        else
        {
            Assert.Equal(longForm, acronyms[acronym]);
        }
    }

    public void Dispose() => _corpus.Dispose();

    private static SeedDocument ReadRealSeed() =>
        new SeedReader().ReadFile(RepositoryPaths.Seeds, Path.Combine(RepositoryPaths.Seeds, RepositoryPaths.SeedFileName)).Document
        ?? throw new InvalidOperationException("the seed article was skipped");

    private SeedDocument Read(string name)
    {
        var result = new SeedReader().ReadFile(_corpus.SeedsDir, Path.Combine(_corpus.SeedsDir, name));
        return result.Document ?? throw new InvalidOperationException($"{name} skipped: {result.Skipped?.Reason}");
    }
}
