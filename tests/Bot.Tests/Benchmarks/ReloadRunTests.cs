using System.Text.Json;
using Bot.Benchmarks.Harness;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Benchmarks;

/// <summary>The live-reindex measurement end to end, with the model, on the seed article.</summary>
public sealed class ReloadRunTests
{
    [Fact]
    public async Task ADocumentAddedToTheServedSeedsIsTimedUntilAnAnswerQuotesIt()
    {
        using var work = new TempFolder();
        var options = BenchOptions.Parse(["--reload", RepositoryPaths.Seeds, "--runs", "1", "--work", work.Path], out _)!;
        using var output = new StringWriter();
        using var log = new StringWriter();

        var exit = await ReloadRun.RunAsync(options, output, log, CancellationToken.None);

        Assert.True(exit == 0, log.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var result = JsonSerializer.Deserialize(lines[^1], HarnessJsonContext.Default.ReloadResult)!;
        var sample = Assert.Single(result.Samples);
        Assert.StartsWith(ReloadRun.AddedPrefix, sample.File, StringComparison.Ordinal);
        Assert.InRange(sample.Seconds, 0.5, 180);
        Assert.NotNull(sample.SwitchedSeconds);
        Assert.Equal(2, sample.Embedded);
        Assert.True(File.Exists(Path.Combine(work.Path, "seeds", sample.File)));
        Assert.Contains("| 1 |", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("edited", result.Edit?.Outcome);
        Assert.Equal(1, result.Edit?.Embedded);
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, result.Edit!.File)),
            File.ReadAllText(Path.Combine(work.Path, "seeds", result.Edit.File)));
    }
}
