using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Bot.Search.Indexing;

/// <summary>A term produced by the analyzer, with its position and its character span in the original text.</summary>
internal readonly record struct AnalyzedToken(string Term, int Position, int Start, int End);

internal static class TextAnalysis
{
    /// <summary>Runs <paramref name="text"/> through <paramref name="analyzer"/>; offsets refer to the original text.</summary>
    public static List<AnalyzedToken> Analyze(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<AnalyzedToken>();
        using var stream = analyzer.GetTokenStream(field, new AnalysisText(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var start = Math.Clamp(offset.StartOffset, 0, text.Length);
            var end = Math.Clamp(offset.EndOffset, start, text.Length);
            tokens.Add(new AnalyzedToken(term.ToString(), position, start, end));
        }

        stream.End();
        return tokens;
    }
}

/// <summary>
/// Text handed to <see cref="PassageAnalyzer"/> by <see cref="TextAnalysis"/> and <see cref="AnalyzedText"/>: it says whether
/// the text has a parenthesis, without which the analyzer's char filter (<c>287(g)</c> to <c>287g</c>) cannot change it
/// and is skipped (it copies the whole text and runs a regex over it for each passage analysed).
/// </summary>
internal sealed class AnalysisText(string text) : StringReader(text)
{
    public bool HasParenthesis { get; } = text.Contains('(', StringComparison.Ordinal);
}
