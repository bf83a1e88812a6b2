namespace Bot.Evaluation;

/// <summary>Graded judgments (qrels): for each query, the relevance of each judged document (0 = not relevant).</summary>
public sealed class RelevanceJudgments
{
    private readonly Dictionary<string, Dictionary<string, int>> _byQuery = new(StringComparer.Ordinal);

    /// <summary>Query ids with at least one judgment, in the order first seen.</summary>
    public IEnumerable<string> QueryIds => _byQuery.Keys;

    /// <summary>The number of judgments, all grades.</summary>
    public int Count { get; private set; }

    /// <summary>Records a judgment; a repeated (query, document) pair keeps the last grade.</summary>
    public void Add(string queryId, string documentId, int relevance)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        if (!_byQuery.TryGetValue(queryId, out var judged))
        {
            judged = new Dictionary<string, int>(StringComparer.Ordinal);
            _byQuery.Add(queryId, judged);
        }

        if (!judged.ContainsKey(documentId))
        {
            Count++;
        }

        judged[documentId] = relevance;
    }

    /// <summary>The judgments of one query; empty when it has none.</summary>
    public IReadOnlyDictionary<string, int> For(string queryId) =>
        _byQuery.TryGetValue(queryId, out var judged) ? judged : EmptyJudgments;

    /// <summary>True when the query has at least one document judged relevant (grade above 0).</summary>
    public bool HasRelevant(string queryId) => For(queryId).Values.Any(grade => grade > 0);

    private static readonly IReadOnlyDictionary<string, int> EmptyJudgments = new Dictionary<string, int>(StringComparer.Ordinal);
}
