using Lucene.Net.Search;

namespace Bot.Search.Indexing;

/// <summary>
/// The top documents of a query, collected in document order. <see cref="IndexSearcher.Search(Query, int)"/> lets a
/// query of optional clauses only (every plan's top level) be scored out of order by <c>BooleanScorer</c>, which
/// allocates a table of 2,048 buckets, one object each, per search: 56% of the bytes an answer allocated, and a
/// fifth of an answer's time at 1k passages was garbage collection. Scored in order, the same clauses go through
/// <c>BooleanScorer2</c>: same scores (the top level sums two or three clause scores in double precision, exactly
/// in any order), same tie-break (lower document first), same total.
/// </summary>
internal static class TopHits
{
    public static TopDocs Search(IndexSearcher searcher, Query query, int count)
    {
        var collector = TopScoreDocCollector.Create(count, docsScoredInOrder: true);
        searcher.Search(query, collector);
        return collector.GetTopDocs();
    }
}
