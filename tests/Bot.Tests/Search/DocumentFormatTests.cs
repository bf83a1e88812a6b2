using System.Text;
using Bot.Search.Ingestion;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Search;

public sealed class DocumentFormatTests : IDisposable
{
    private readonly TempCorpus _corpus = new(withSeedArticle: false);

    [Fact]
    public void PdfGivesOneParagraphPerBlockWithItsPageInTheLocatorAndItsInfoAsMetadata()
    {
        _corpus.AddSeedBytes("report.pdf", SourceFiles.Pdf());

        var document = Read("report.pdf");

        Assert.Equal([SourceFiles.PdfFirst, SourceFiles.PdfSecond], document.Passages.Select(p => p.Text));
        Assert.Equal(["report.pdf#p1.1", "report.pdf#p2.1"], document.Passages.Select(p => p.Id));
        Assert.Equal([1, 2], document.Passages.Select(p => p.Page ?? 0));
        Assert.Equal("Detainers and county jails", document.Title);
        Assert.Equal(["Morgan Lee"], document.Metadata.Authors);
        Assert.Equal("2024-03-15", document.Metadata.Date);
    }

    [Fact]
    public void DocxGivesItsBodyParagraphsWithoutHeadingsAndItsCorePropertiesAsMetadata()
    {
        _corpus.AddSeedBytes("holds.docx", SourceFiles.Docx());

        var document = Read("holds.docx");

        Assert.Equal([SourceFiles.DocxFirst, SourceFiles.DocxSecond], document.Passages.Select(p => p.Text));
        Assert.Equal(["holds.docx#1", "holds.docx#2"], document.Passages.Select(p => p.Id));
        Assert.All(document.Passages, p => Assert.Null(p.Page));
        Assert.Equal("Jail holds in practice", document.Title);
        Assert.Equal(["Priya Raman"], document.Metadata.Authors);
        Assert.Equal("2023-06-02", document.Metadata.Date);
    }

    [Fact]
    public void NewsPageGivesTheArticleWithoutNavigationCommentsOrFooterAndItsMetadata()
    {
        _corpus.AddSeed("ledger.html", SourceFiles.NewsPage());

        var document = Read("ledger.html");

        Assert.Equal([SourceFiles.PageFirst, SourceFiles.PageSecond, SourceFiles.PageThird, SourceFiles.PageFourth], document.Passages.Select(p => p.Text));
        Assert.Equal("County ends detainer holds", document.Title);
        Assert.Equal("Valley Ledger", document.Metadata.Publisher);
        Assert.Equal(["Jordan Mills"], document.Metadata.Authors);
        Assert.Equal("2024-05-07", document.Metadata.Date);
        Assert.Equal("https://news.example.org/2024/05/county-ends-detainers", document.Metadata.Url);
    }

    [Fact]
    public void SidecarValuesWinOverWhatTheFileStates()
    {
        _corpus.AddSeedBytes("report.pdf", SourceFiles.Pdf());
        _corpus.AddSeed("report.pdf.meta", "title: Sheriffs on detainers\nauthor: Casey Ng\n");

        var document = Read("report.pdf");

        Assert.Equal("Sheriffs on detainers", document.Title);
        Assert.Equal(["Casey Ng"], document.Metadata.Authors);
        Assert.Equal("2024-03-15", document.Metadata.Date);
    }

    [Fact]
    public void TruncatedPdfIsRefusedAsMalformed()
    {
        var pdf = SourceFiles.Pdf();
        _corpus.AddSeedBytes("cut.pdf", pdf[..(pdf.Length / 2)]);

        var skipped = Skipped("cut.pdf");

        Assert.Equal(SkipKind.Malformed, skipped.Kind);
        Assert.StartsWith("not a readable PDF", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageOnlyPdfIsRefusedForWantOfAText()
    {
        _corpus.AddSeedBytes("scan.pdf", SourceFiles.ImageOnlyPdf());

        var skipped = Skipped("scan.pdf");

        Assert.Equal(SkipKind.NoText, skipped.Kind);
        Assert.Contains("without a text layer", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DocxInflatingPastTheCapIsRefusedBeforeItIsParsed()
    {
        _corpus.AddSeedBytes("bomb.docx", SourceFiles.InflatingDocx(8 * 1024 * 1024));
        var reader = new SeedReader(new SeedReaderOptions { MaxExtractedBytes = 2 * 1024 * 1024 });

        var skipped = reader.ReadFile(_corpus.SeedsDir, Path.Combine(_corpus.SeedsDir, "bomb.docx")).Skipped;

        Assert.NotNull(skipped);
        Assert.Equal(SkipKind.TooLarge, skipped.Kind);
        Assert.Contains("inflates past the 2,097,152-byte limit", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PdfThatTakesLongerThanTheLimitIsRefusedAsTooSlow()
    {
        _corpus.AddSeedBytes("slow.pdf", SourceFiles.Pdf());
        // Every reading of the clock moves it on 40 s: the check before page 2 is past the 60-second limit.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(40) };
        var reader = new SeedReader(new SeedReaderOptions { ExtractionTimeout = TimeSpan.FromSeconds(60), TimeProvider = clock });

        var skipped = reader.ReadFile(_corpus.SeedsDir, Path.Combine(_corpus.SeedsDir, "slow.pdf")).Skipped;

        Assert.NotNull(skipped);
        Assert.Equal(SkipKind.TimedOut, skipped.Kind);
        Assert.Equal("reading it took longer than the 60-second limit", skipped.Reason);
    }

    [Theory]
    [InlineData("report.pdf", "named .pdf but its content is a PNG image")]
    [InlineData("notes.docx", "named .docx but its content is a PNG image")]
    [InlineData("notes.txt", "not a document the bot reads: a PNG image")]
    public void RenamedBinaryIsRefusedWithWhatItIs(string name, string reason)
    {
        _corpus.AddSeedBytes(name, SourceFiles.Png());

        var skipped = Skipped(name);

        Assert.Equal(SkipKind.Unsupported, skipped.Kind);
        Assert.Equal(reason, skipped.Reason);
    }

    [Fact]
    public void FiftyMegabyteHtmlPageIsRefusedAsTooLarge()
    {
        var page = new StringBuilder("<!DOCTYPE html><html><body>");
        while (page.Length < 50 * 1024 * 1024)
        {
            page.Append("<p>County jails hold people for federal detainers.</p>");
        }

        _corpus.AddSeed("huge.html", page.Append("</body></html>").ToString());

        var skipped = Skipped("huge.html");

        Assert.Equal(SkipKind.TooLarge, skipped.Kind);
        Assert.StartsWith("larger than the 16,777,216-byte limit", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipWithoutAWordDocumentIsRefused()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            entry.Write("County jails hold people for federal detainers.");
        }

        _corpus.AddSeedBytes("archive.docx", stream.ToArray());

        Assert.Equal("a zip archive without word/document.xml: not a Word document", Skipped("archive.docx").Reason);
    }

    public void Dispose() => _corpus.Dispose();

    private SeedDocument Read(string name)
    {
        var result = new SeedReader().ReadFile(_corpus.SeedsDir, Path.Combine(_corpus.SeedsDir, name));
        Assert.True(result.Document is not null, result.Skipped?.Reason);
        return result.Document;
    }

    private SkippedFile Skipped(string name)
    {
        var result = new SeedReader().ReadFile(_corpus.SeedsDir, Path.Combine(_corpus.SeedsDir, name));
        Assert.Null(result.Document);
        Assert.NotNull(result.Skipped);
        return result.Skipped;
    }
}
