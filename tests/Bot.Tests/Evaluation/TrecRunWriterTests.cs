using Bot.Evaluation;
using Bot.Search;

namespace Bot.Tests.Evaluation;

public sealed class TrecRunWriterTests
{
    [Fact]
    public async Task WritesQidQ0DocidRankScoreTagUpToDepth()
    {
        using var text = new StringWriter();
        var writer = new TrecRunWriter(text, "bm25", depth: 2);

        await writer.WriteAsync("q1", [new RankedDocument("d7", 12.5), new RankedDocument("d2", 3.25), new RankedDocument("d9", 1)]);

        Assert.Equal("q1 Q0 d7 1 12.5 bm25\nq1 Q0 d2 2 3.25 bm25\n", text.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void RejectsTagWithWhiteSpace()
    {
        using var text = new StringWriter();

        Assert.Throws<ArgumentException>(() => new TrecRunWriter(text, "my run"));
    }
}
