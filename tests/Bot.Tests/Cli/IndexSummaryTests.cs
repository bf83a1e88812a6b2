using Bot.Cli;
using Bot.Search;
using Bot.Search.Ingestion;

namespace Bot.Tests.Cli;

/// <summary>The index summary: counts per skip reason with a few files each, every file only with --verbose.</summary>
public sealed class IndexSummaryTests
{
    private static readonly string Seeds = Path.Combine(Path.GetTempPath(), "seeds");

    [Fact]
    public void SkippedFilesAreCountedPerReasonMostCommonFirstWithThreeExamplesEach()
    {
        var result = Build(
            Skip("a.md", SkipKind.NoProse),
            Skip("x.txt", SkipKind.NotUtf8),
            Skip("b.md", SkipKind.NoProse),
            Skip("sub/c.md", SkipKind.NoProse),
            Skip("y.txt", SkipKind.NotUtf8),
            Skip("d.md", SkipKind.NoProse),
            Skip("e.md", SkipKind.Empty));

        var summary = IndexRunner.Summary(result, Seeds, verbose: false);

        Assert.Equal(
            "Indexed 8,675 documents, 17,402 passages in 9.1 s; skipped 7 files: 4 without prose (a.md, b.md, sub/c.md, …), "
            + "2 not UTF-8 (x.txt, y.txt), 1 empty (e.md); --verbose lists them all.",
            summary);
    }

    [Fact]
    public void VerboseAddsALinePerSkippedFileWithItsFullReason()
    {
        var result = Build(Skip("a.md", SkipKind.NoProse), Skip("x.txt", SkipKind.NotUtf8));

        var lines = IndexRunner.Summary(result, Seeds, verbose: true).Split('\n');

        Assert.EndsWith("skipped 2 files: 1 not UTF-8 (x.txt), 1 without prose (a.md).", lines[0], StringComparison.Ordinal);
        Assert.Equal(["  a.md: NoProse in full", "  x.txt: NotUtf8 in full"], lines[1..]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NothingSkippedSaysSo(bool verbose)
    {
        Assert.Equal("Indexed 8,675 documents, 17,402 passages in 9.1 s; no files skipped.", IndexRunner.Summary(Build(), Seeds, verbose));
    }

    private static IndexBuildResult Build(params SkippedFile[] skipped) =>
        new("gen-1", 8_675, 17_402, skipped, TimeSpan.FromSeconds(9.1), new Dictionary<string, string>());

    private static SkippedFile Skip(string name, SkipKind kind) => new(Path.Combine(Seeds, name), kind, $"{kind} in full");
}
