using Bot.Search.Ingestion;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Bot.Search.Indexing;

/// <summary>
/// The tokens the analyzer made of one text, kept so that the index writer can replay them
/// (<see cref="ReplayTokenStream"/>): what the indexer reads of a token stream, its terms, position increments and
/// offsets, and the final position increment and offset that <see cref="TokenStream.End"/> sets. Replaying gives the
/// same index as analysing in the writer; it lets the build analyse on the thread that reads the files.
/// </summary>
internal sealed class AnalyzedText
{
    /// <summary>Per token: end of its term in <see cref="_chars"/>, position increment, start offset, end offset.</summary>
    private const int Stride = 4;

    private readonly char[] _chars;
    private readonly int[] _tokens;

    private AnalyzedText(char[] chars, int[] tokens, int count, int finalPositionIncrement, int finalOffset)
    {
        _chars = chars;
        _tokens = tokens;
        Count = count;
        FinalPositionIncrement = finalPositionIncrement;
        FinalOffset = finalOffset;
    }

    public int Count { get; }

    public int FinalPositionIncrement { get; }

    public int FinalOffset { get; }

    /// <summary>Runs <paramref name="text"/> through <paramref name="analyzer"/> as the index writer would.</summary>
    public static AnalyzedText Analyze(Analyzer analyzer, string field, string text)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(text);
        var chars = new char[Math.Max(16, text.Length)];
        var tokens = new int[Stride * Math.Max(4, text.Length / 5)];
        var length = 0;
        var count = 0;
        using var stream = analyzer.GetTokenStream(field, new AnalysisText(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (length + term.Length > chars.Length)
            {
                Array.Resize(ref chars, Math.Max(chars.Length * 2, length + term.Length));
            }

            if (Stride * (count + 1) > tokens.Length)
            {
                Array.Resize(ref tokens, tokens.Length * 2);
            }

            Array.Copy(term.Buffer, 0, chars, length, term.Length);
            length += term.Length;
            var at = Stride * count++;
            tokens[at] = length;
            tokens[at + 1] = increment.PositionIncrement;
            tokens[at + 2] = offset.StartOffset;
            tokens[at + 3] = offset.EndOffset;
        }

        stream.End();
        return new AnalyzedText(chars, tokens, count, increment.PositionIncrement, offset.EndOffset);
    }

    /// <summary>Copies token <paramref name="index"/> into the attributes of a replaying stream.</summary>
    internal void CopyTo(int index, ICharTermAttribute term, IPositionIncrementAttribute increment, IOffsetAttribute offset)
    {
        var at = index * Stride;
        var start = index == 0 ? 0 : _tokens[at - Stride];
        term.CopyBuffer(_chars, start, _tokens[at] - start);
        increment.PositionIncrement = _tokens[at + 1];
        offset.SetOffset(_tokens[at + 2], _tokens[at + 3]);
    }
}

/// <summary>Replays an <see cref="AnalyzedText"/> to the index writer; one instance per field slot, reused.</summary>
internal sealed class ReplayTokenStream : TokenStream
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private readonly IOffsetAttribute _offset;
    private AnalyzedText? _text;
    private int _next;

    public ReplayTokenStream()
    {
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    /// <summary>The text to replay from the next <see cref="Reset"/>.</summary>
    public ReplayTokenStream Of(AnalyzedText text)
    {
        _text = text;
        _next = 0;
        return this;
    }

    public override bool IncrementToken()
    {
        if (_text is null || _next >= _text.Count)
        {
            return false;
        }

        ClearAttributes();
        _text.CopyTo(_next++, _term, _increment, _offset);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }

    public override void End()
    {
        base.End();
        if (_text is not null)
        {
            _increment.PositionIncrement = _text.FinalPositionIncrement;
            _offset.SetOffset(_text.FinalOffset, _text.FinalOffset);
        }
    }
}

/// <summary>A document with its title, tags and passages analysed for the index writer.</summary>
internal sealed record AnalyzedDocument(SeedDocument Document, AnalyzedText Title, IReadOnlyList<AnalyzedText> Tags, IReadOnlyList<AnalyzedText> Passages)
{
    /// <summary>Analyses a document's title and tags once, and each passage's text.</summary>
    public static AnalyzedDocument Of(Analyzer analyzer, SeedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new AnalyzedDocument(
            document,
            AnalyzedText.Analyze(analyzer, PassageFields.Title, document.Title),
            [.. document.Metadata.Tags.Select(tag => AnalyzedText.Analyze(analyzer, PassageFields.Tags, tag))],
            [.. document.Passages.Select(passage => AnalyzedText.Analyze(analyzer, PassageFields.Text, passage.Text))]);
    }
}
