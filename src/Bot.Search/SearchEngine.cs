using Bot.Search.Answers;
using Bot.Search.Indexing;
using Bot.Search.Ranking;
using Bot.Search.Semantic;
using Lucene.Net.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Search;

/// <summary>
/// What the hosts (command line, Discord) use: answers, searches, sources and passages over the index generation that
/// <c>CURRENT</c> names. Every call is one straight pipeline on one snapshot of the index: plan the query
/// (<see cref="QueryPlanner"/>), rank the passages (<see cref="PassageRanker"/>, the one ranking for ask, search and
/// eval), read the ones kept (<see cref="PassageReader"/>), compose the reply (<see cref="AnswerComposer"/>).
/// Thread-safe: <see cref="Reload"/> swaps in a newly built generation while calls on the old one finish.
/// </summary>
public sealed class SearchEngine : IDisposable
{
    /// <summary>Most hits one <see cref="Search"/> page returns.</summary>
    public const int MaxPageSize = 100;

    private readonly Analyzer _analyzer;
    private readonly ITextEmbedder? _embedder;
    private readonly QuestionCohort? _cohort;
    private readonly SnapshotManager _snapshots;

    private SearchEngine(Analyzer analyzer, ITextEmbedder? embedder, SnapshotManager snapshots)
    {
        _analyzer = analyzer;
        _embedder = embedder;
        _cohort = embedder is null ? null : new QuestionCohort(embedder);
        _snapshots = snapshots;
    }

    /// <summary>The generation now serving.</summary>
    public string Generation => Use(s => s.Generation);

    /// <summary>True when passages are ranked by meaning as well as words (an embedder was given and the generation has its vectors).</summary>
    public bool IsSemantic => Use(IsSemanticOn);

    /// <summary>Opens the generation that <paramref name="indexDir"/>'s <c>CURRENT</c> names.</summary>
    /// <param name="indexDir">The index folder.</param>
    /// <param name="embedder">
    /// The sentence-embedding model; with it, and a vector file that matches the generation and the model, passages are
    /// ranked by meaning and words. Null: by words alone.
    /// </param>
    /// <param name="logger">Says, once per generation, when vectors are missing or do not match.</param>
    /// <exception cref="IndexUnavailableException">No index has been built there.</exception>
    public static SearchEngine Open(string indexDir, ITextEmbedder? embedder = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(indexDir);
        var analyzer = LuceneSetup.CreateAnalyzer();
        try
        {
            return new SearchEngine(analyzer, embedder, new SnapshotManager(Path.GetFullPath(indexDir), analyzer, embedder, logger ?? NullLogger.Instance));
        }
        catch
        {
            analyzer.Dispose();
            throw;
        }
    }

    /// <summary>Switches to the generation <c>CURRENT</c> now names, if it changed. Returns true when it switched.</summary>
    public bool Reload()
    {
        var before = Generation;
        _snapshots.MaybeRefreshBlocking();
        return Generation != before;
    }

    /// <summary>
    /// Answers a question (or finds the passages that bear on a claim): up to three cited passages that answer it, the
    /// closest passages when the documents discuss the topic but do not say this, or none when nothing bears on it.
    /// </summary>
    public Answer Ask(string question)
    {
        var text = question ?? string.Empty;
        return Use(s =>
        {
            var plan = s.Plan(text);
            if (plan.IsEmpty)
            {
                return new Answer(text, AnswerOutcome.Declined, [], s.Titles) { Form = plan.Form };
            }

            var ranking = PassageRanker.Rank(s, plan, QueryVector(s, plan), AnswerComposer.Candidates);
            return AnswerComposer.Compose(text, plan, ranking, s, _embedder, _cohort);
        });
    }

    /// <summary>
    /// The ranking <see cref="Ask"/> answers from, without the answer decision: passage ids and scores, best first, at
    /// most <paramref name="depth"/>.
    /// </summary>
    public IReadOnlyList<RankedDocument> Rank(string question, int depth = 100)
    {
        var text = question ?? string.Empty;
        return Use(s =>
        {
            var plan = s.Plan(text);
            if (plan.IsEmpty || depth <= 0)
            {
                return (IReadOnlyList<RankedDocument>)[];
            }

            var ranking = PassageRanker.Rank(s, plan, QueryVector(s, plan), depth);
            return [.. ranking.Passages.Select(p => new RankedDocument(s.Passages.Load(p.Doc).Quote.PassageId, p.Score))];
        });
    }

    /// <summary>
    /// Ranked passages for <paramref name="query"/>, <paramref name="count"/> (at most <see cref="MaxPageSize"/>) from
    /// <paramref name="offset"/>, ranked as <see cref="Ask"/> ranks them. With vectors, a query that nothing bears on
    /// finds nothing, and passages found by meaning alone are listed only while they stay close to the best one.
    /// </summary>
    public SearchPage Search(string query, int offset = 0, int count = 10)
    {
        var text = query ?? string.Empty;
        var start = Math.Max(0, offset);
        var size = Math.Clamp(count, 0, MaxPageSize);
        return Use(s =>
        {
            var plan = s.Plan(text);
            if (plan.IsEmpty)
            {
                return new SearchPage(text, start, 0, []);
            }

            var vector = QueryVector(s, plan);
            var ranking = PassageRanker.Rank(s, plan, vector, vector is null ? start + size : int.MaxValue);
            IReadOnlyList<RankedPassage> listed = ranking.Passages;
            var total = ranking.LexicalMatches;
            if (ranking.Semantic)
            {
                var answer = AnswerComposer.Compose(text, plan, ranking with { Passages = [.. ranking.Passages.Take(AnswerComposer.Candidates)] }, s, embedder: null, _cohort);
                var floor = ranking.Passages.Count == 0 ? 0 : ranking.Passages[0].Cosine - AnswerComposer.SemanticScoreMargin;
                listed = answer.Outcome == AnswerOutcome.Declined ? [] : [.. ranking.Passages.Where(p => p.Lexical > 0 || p.Cosine >= floor)];
                total = listed.Count;
            }

            return new SearchPage(text, start, total, [.. listed.Skip(start).Take(size).Select(p => s.Passages.Quote(p.Doc, plan, p.Score))]);
        });
    }

    /// <summary>The documents of the corpus with their passage counts.</summary>
    public IReadOnlyList<DocumentInfo> Sources() => Use(s => s.Manifest.Documents);

    /// <summary>The passage with this id (<c>&lt;file&gt;#&lt;paragraph&gt;</c> or <c>&lt;file&gt;#&lt;paragraph&gt;.&lt;part&gt;</c>), or null.</summary>
    public Quote? GetPassage(string id) => Use(s => s.Passages.Find(id ?? string.Empty) is var doc and >= 0 ? s.Passages.Load(doc).Quote : null);

    /// <summary>
    /// The passage with this id with the words that match <paramref name="question"/> marked, as an answer to it
    /// would mark them (a card's bold words and underlined sentence come from them); null for an unknown id.
    /// </summary>
    public Quote? GetPassage(string id, string? question) => Use(s =>
    {
        var doc = s.Passages.Find(id ?? string.Empty);
        if (doc < 0)
        {
            return null;
        }

        var plan = string.IsNullOrWhiteSpace(question) ? null : s.Plan(question);
        return plan is null || plan.IsEmpty ? s.Passages.Load(doc).Quote : s.Passages.Quote(doc, plan, 0);
    });

    /// <summary>
    /// Autocomplete: the passages that best match the text typed so far (its last word may be unfinished), by words
    /// alone (a suggestion per keystroke cannot wait for the model), at most <paramref name="max"/>. With nothing typed,
    /// the first passages of the corpus.
    /// </summary>
    public IReadOnlyList<Quote> Suggest(string partial, int max)
    {
        var size = Math.Clamp(max, 0, MaxPageSize);
        var text = partial ?? string.Empty;
        return Use(s =>
        {
            var plan = s.Plan(text, lastWordIsPrefix: true);
            return plan.Query is null
                ? s.Passages.First(size)
                : [.. PassageRanker.Rank(s, plan, queryVector: null, size).Passages.Select(p => s.Passages.Quote(p.Doc, plan, p.Score))];
        });
    }

    public void Dispose()
    {
        _snapshots.Dispose();
        _analyzer.Dispose();
    }

    private bool IsSemanticOn(IndexSnapshot snapshot) => _embedder is not null && snapshot.Vectors is not null;

    private float[]? QueryVector(IndexSnapshot snapshot, QueryPlan plan) =>
        _embedder is { } embedder && snapshot.Vectors is not null ? embedder.EmbedQuery(plan.Text) : null;

    private T Use<T>(Func<IndexSnapshot, T> action)
    {
        var snapshot = _snapshots.Acquire();
        try
        {
            return action(snapshot);
        }
        finally
        {
            _snapshots.Release(snapshot);
        }
    }
}

/// <summary>A passage id and its score in a ranking.</summary>
public readonly record struct RankedDocument(string Id, double Score);
