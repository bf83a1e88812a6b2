using System.Globalization;
using Bot.Search.Answers;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Bot.Search.Indexing;

/// <summary>A ranked passage with the share of the question it covers and its analysed tokens.</summary>
internal sealed record SearchHit(Quote Quote, double Coverage, IReadOnlyList<AnalyzedToken> Tokens);

/// <summary>Runs query plans on one index reader and turns Lucene documents into quotes with highlights.</summary>
internal sealed class PassageSearcher
{
    /// <summary>
    /// How many passages keep their stored fields and analysed text after first use (about 10 KB each): the passages a
    /// debate keeps quoting are read and analysed once per generation, not on every answer.
    /// </summary>
    private const int CachedPassages = 2048;

    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer;
    private readonly QuestionQueryBuilder _queries;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, LoadedPassage> _loaded = new();

    public PassageSearcher(IndexReader reader, Analyzer analyzer, AcronymTable acronyms)
    {
        _searcher = new IndexSearcher(reader) { Similarity = LuceneSetup.CreateSimilarity() };
        _analyzer = analyzer;
        _queries = new QuestionQueryBuilder(analyzer, acronyms);
    }

    public int PassageCount => _searcher.IndexReader.NumDocs;

    public QueryPlan Plan(string? text, bool lastWordIsPrefix = false, bool forReranking = false) => _queries.Build(text, _searcher, lastWordIsPrefix, forReranking);

    /// <summary>Hits <paramref name="offset"/> .. <paramref name="offset"/>+<paramref name="count"/> of the ranking, and the total number of matches.</summary>
    public (IReadOnlyList<SearchHit> Hits, int Total) Search(QueryPlan plan, int offset, int count)
    {
        var (ranked, total) = Rank(plan, offset, count);
        return ([.. ranked.Select(r => Hit(plan, r))], total);
    }

    /// <summary>
    /// Ranked documents <paramref name="offset"/> .. <paramref name="offset"/>+<paramref name="count"/> without
    /// loading or analysing them, and the total number of matches: <see cref="Hit(QueryPlan, ScoreDoc)"/> does that for the ones kept.
    /// </summary>
    public (IReadOnlyList<ScoreDoc> Ranked, int Total) Rank(QueryPlan plan, int offset, int count)
    {
        if (plan.Query is null || PassageCount == 0)
        {
            return ([], 0);
        }

        var top = TopHits.Search(_searcher, plan.Query, (int)Math.Clamp((long)offset + Math.Max(count, 0), 1, PassageCount));
        return ([.. top.ScoreDocs.Skip(offset).Take(Math.Max(count, 0))], top.TotalHits);
    }

    /// <summary>A ranked document as a hit: its stored fields, its analysed text, highlights and coverage.</summary>
    public SearchHit Hit(QueryPlan plan, ScoreDoc ranked)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ranked);
        return Hit(ranked.Doc, plan, ranked.Score);
    }

    /// <summary>Lucene document <paramref name="doc"/> as a hit for <paramref name="plan"/>, scored <paramref name="score"/> (a re-ranked hit).</summary>
    public SearchHit Hit(int doc, QueryPlan plan, double score)
    {
        var passage = Load(doc);
        return new SearchHit(ToQuote(passage.Stored, passage.Text, score, Highlights(passage.Tokens, plan)), plan.Coverage(passage.Terms), passage.Tokens);
    }

    /// <summary>A passage's stored fields and analysed text, from the cache or read and analysed (and cached while there is room).</summary>
    private LoadedPassage Load(int doc)
    {
        if (_loaded.TryGetValue(doc, out var cached))
        {
            return cached;
        }

        var stored = _searcher.Doc(doc);
        var text = stored.Get(PassageFields.Text, CultureInfo.InvariantCulture) ?? string.Empty;
        var tokens = TextAnalysis.Analyze(_analyzer, PassageFields.Text, text);
        var passage = new LoadedPassage(stored, text, tokens, tokens.Select(t => t.Term).ToHashSet(StringComparer.Ordinal));
        if (_loaded.Count < CachedPassages)
        {
            _loaded.TryAdd(doc, passage);
        }

        return passage;
    }

    // Shared by every answer that quotes the passage: read only, never changed after Load.
    private sealed record LoadedPassage(Document Stored, string Text, List<AnalyzedToken> Tokens, IReadOnlySet<string> Terms);

    /// <summary>The passage with this id, or null.</summary>
    public Quote? Get(string id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var top = _searcher.Search(new TermQuery(new Term(PassageFields.Id, id)), 1);
        if (top.ScoreDocs.Length == 0)
        {
            return null;
        }

        var doc = _searcher.Doc(top.ScoreDocs[0].Doc);
        return ToQuote(doc, doc.Get(PassageFields.Text, CultureInfo.InvariantCulture) ?? string.Empty, 0, []);
    }

    /// <summary>The first passages in index order (documents in file order, paragraphs in order).</summary>
    public IReadOnlyList<Quote> First(int count)
    {
        var reader = _searcher.IndexReader;
        var liveDocs = MultiFields.GetLiveDocs(reader);
        var quotes = new List<Quote>();
        for (var i = 0; i < reader.MaxDoc && quotes.Count < count; i++)
        {
            if (liveDocs is null || liveDocs.Get(i))
            {
                var doc = reader.Document(i);
                quotes.Add(ToQuote(doc, doc.Get(PassageFields.Text, CultureInfo.InvariantCulture) ?? string.Empty, 0, []));
            }
        }

        return quotes;
    }

    /// <summary>Spans of the tokens whose analysed form is a query term (or starts with a typed prefix).</summary>
    private static List<TextSpan> Highlights(List<AnalyzedToken> tokens, QueryPlan plan)
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

    private static Quote ToQuote(Document doc, string text, double score, IReadOnlyList<TextSpan> highlights)
    {
        var source = new PassageSource(
            Title: doc.Get(PassageFields.Title, CultureInfo.InvariantCulture) ?? string.Empty,
            Publisher: doc.Get(PassageFields.Publisher, CultureInfo.InvariantCulture),
            Url: doc.Get(PassageFields.Url, CultureInfo.InvariantCulture),
            File: doc.Get(PassageFields.SourceFile, CultureInfo.InvariantCulture) ?? string.Empty,
            Paragraph: doc.GetField(PassageFields.Paragraph)?.GetInt32Value() ?? 0,
            Date: doc.Get(PassageFields.Date, CultureInfo.InvariantCulture),
            Part: doc.GetField(PassageFields.Part)?.GetInt32Value());
        return new Quote(doc.Get(PassageFields.Id, CultureInfo.InvariantCulture) ?? string.Empty, text, score, source, highlights);
    }
}
