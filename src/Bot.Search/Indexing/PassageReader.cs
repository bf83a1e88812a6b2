using System.Collections.Concurrent;
using System.Globalization;
using Bot.Search.Answers;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Bot.Search.Indexing;

/// <summary>A passage read from the index: its quote (without highlights) and its analysed text.</summary>
internal sealed record LoadedPassage(Quote Quote, IReadOnlyList<AnalyzedToken> Tokens);

/// <summary>
/// The one mapper from a Lucene document to a <see cref="Quote"/>: reads stored fields, analyses the text for
/// highlighting, and marks the spans of a plan's terms. Thread-safe.
/// </summary>
internal sealed class PassageReader(IndexReader reader, Analyzer analyzer)
{
    /// <summary>
    /// How many passages keep their stored fields and analysed text after first use (about 10 KB each): the passages a
    /// debate keeps quoting are read and analysed once per generation, not on every answer.
    /// </summary>
    private const int CachedPassages = 2048;

    private readonly ConcurrentDictionary<int, LoadedPassage> _loaded = new();

    /// <summary>Lucene document <paramref name="doc"/> as a quote scored <paramref name="score"/>, with the spans that match <paramref name="plan"/>.</summary>
    public Quote Quote(int doc, QueryPlan plan, double score)
    {
        var passage = Load(doc);
        return passage.Quote with { Score = score, Highlights = Highlights(passage.Tokens, plan) };
    }

    /// <summary>A passage's stored fields and analysed text, from the cache or read and analysed (and cached while there is room).</summary>
    public LoadedPassage Load(int doc)
    {
        if (_loaded.TryGetValue(doc, out var cached))
        {
            return cached;
        }

        var stored = reader.Document(doc);
        var quote = ToQuote(stored);
        var passage = new LoadedPassage(quote, TextAnalysis.Analyze(analyzer, PassageFields.Text, quote.Text));
        if (_loaded.Count < CachedPassages)
        {
            _loaded.TryAdd(doc, passage);
        }

        return passage;
    }

    /// <summary>The Lucene document of the passage with this id, or -1.</summary>
    public int Find(string id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return -1;
        }

        var top = new IndexSearcher(reader).Search(new TermQuery(new Term(PassageFields.Id, id)), 1);
        return top.ScoreDocs.Length == 0 ? -1 : top.ScoreDocs[0].Doc;
    }

    /// <summary>The first passages in index order (documents in file order, paragraphs in order).</summary>
    public IReadOnlyList<Quote> First(int count)
    {
        var liveDocs = MultiFields.GetLiveDocs(reader);
        var quotes = new List<Quote>();
        for (var i = 0; i < reader.MaxDoc && quotes.Count < count; i++)
        {
            if (liveDocs is null || liveDocs.Get(i))
            {
                quotes.Add(ToQuote(reader.Document(i)));
            }
        }

        return quotes;
    }

    /// <summary>Spans of the tokens whose analysed form is a query term (or starts with a typed prefix).</summary>
    private static List<TextSpan> Highlights(IReadOnlyList<AnalyzedToken> tokens, QueryPlan plan)
    {
        var spans = new List<TextSpan>();
        var lastEnd = 0;
        foreach (var token in tokens)
        {
            var matches = plan.HighlightTerms.Contains(token.Term) || StartsWithAny(token.Term, plan.HighlightPrefixes);
            if (matches && token.Start >= lastEnd && token.End > token.Start)
            {
                spans.Add(new TextSpan(token.Start, token.End - token.Start));
                lastEnd = token.End;
            }
        }

        return spans;
    }

    /// <summary>True when <paramref name="term"/> starts with one of <paramref name="prefixes"/> (an indexed loop: no closure or enumerator per token).</summary>
    private static bool StartsWithAny(string term, IReadOnlyList<string> prefixes)
    {
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (term.StartsWith(prefixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Quote ToQuote(Document doc)
    {
        var source = new PassageSource(
            Title: doc.Get(PassageFields.Title, CultureInfo.InvariantCulture) ?? string.Empty,
            Publisher: doc.Get(PassageFields.Publisher, CultureInfo.InvariantCulture),
            Url: doc.Get(PassageFields.Url, CultureInfo.InvariantCulture),
            File: doc.Get(PassageFields.SourceFile, CultureInfo.InvariantCulture) ?? string.Empty,
            Paragraph: doc.GetField(PassageFields.Paragraph)?.GetInt32Value() ?? 0,
            Date: doc.Get(PassageFields.Date, CultureInfo.InvariantCulture),
            Part: doc.GetField(PassageFields.Part)?.GetInt32Value())
        {
            Page = doc.GetField(PassageFields.Page)?.GetInt32Value(),
            Authors = doc.GetValues(PassageFields.Authors),
            AuthorTitle = doc.Get(PassageFields.AuthorTitle, CultureInfo.InvariantCulture),
            Accessed = doc.Get(PassageFields.Accessed, CultureInfo.InvariantCulture),
        };
        return new Quote(
            doc.Get(PassageFields.Id, CultureInfo.InvariantCulture) ?? string.Empty,
            doc.Get(PassageFields.Text, CultureInfo.InvariantCulture) ?? string.Empty,
            0,
            source,
            []);
    }
}
