using Bot.Search.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Bot.Tests.Search;

/// <summary>Tokens analysed on the reading thread and replayed to the index writer are the analyzer's own.</summary>
public sealed class AnalyzedTextTests
{
    [Theory]
    [InlineData("Sheriffs say the 287(g) program harms trust.")]
    [InlineData("The ACLU's lawyers, and the sheriff's deputies, testified.")]
    [InlineData("Detainers ask jails to hold people; it is what it is to be")]
    [InlineData("the and of")]
    [InlineData("")]
    [InlineData("Café ÜBER naïve — 48 hours (or more) after 287(G)")]
    public void ReplayGivesTheAnalyzersTokensAndEndState(string text)
    {
        using var analyzer = LuceneSetup.CreateAnalyzer();
        var direct = Tokens(analyzer.GetTokenStream(PassageFields.Text, new StringReader(text)));

        var replayed = Tokens(new ReplayTokenStream().Of(AnalyzedText.Analyze(analyzer, PassageFields.Text, text)));

        Assert.Equal(direct, replayed);
    }

    [Fact]
    public void AReplayCanBeReadAgainAfterReset()
    {
        using var analyzer = LuceneSetup.CreateAnalyzer();
        var stream = new ReplayTokenStream().Of(AnalyzedText.Analyze(analyzer, PassageFields.Title, "Law enforcement leaders urge an end to detainers"));

        var first = Tokens(stream);
        var second = Tokens(stream);

        Assert.Equal(first, second);
        Assert.Contains(first, t => t.StartsWith("detain|", StringComparison.Ordinal));
    }

    /// <summary>Every token as term|increment|start|end, then the state End() leaves (final increment and offset).</summary>
    private static List<string> Tokens(TokenStream stream)
    {
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var tokens = new List<string>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add($"{term}|{increment.PositionIncrement}|{offset.StartOffset}|{offset.EndOffset}");
        }

        stream.End();
        tokens.Add($"end|{increment.PositionIncrement}|{offset.StartOffset}|{offset.EndOffset}");
        stream.Dispose();
        return tokens;
    }
}
