namespace Bot.Evaluation;

/// <summary>A published score to print beside ours (see the collection's SOURCE.md).</summary>
/// <param name="System">Who measured it, and how.</param>
/// <param name="NdcgAt10">Published nDCG@10.</param>
/// <param name="RecallAt100">Published Recall@100, when given.</param>
public sealed record PublishedBaseline(string System, double NdcgAt10, double? RecallAt100);

/// <summary>What is known of the BEIR collections this bot is measured on: published figures and protocol.</summary>
public static class BeirProtocol
{
    /// <summary>
    /// True for collections whose queries are themselves documents of the corpus (ArguAna, Quora): BEIR drops a hit
    /// whose id equals the query id. Matched on the folder name, e.g. <c>beir-arguana</c>.
    /// </summary>
    public static bool DropsQueryIdHits(string collectionName)
    {
        ArgumentNullException.ThrowIfNull(collectionName);
        return collectionName.Contains("arguana", StringComparison.OrdinalIgnoreCase)
            || collectionName.Contains("quora", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Published BM25 figures for the collection (matched on the folder name); empty when none are known.</summary>
    public static IReadOnlyList<PublishedBaseline> PublishedBm25(string collectionName)
    {
        ArgumentNullException.ThrowIfNull(collectionName);
        if (collectionName.Contains("arguana", StringComparison.OrdinalIgnoreCase))
        {
            return
            [
                new("BEIR paper, Elasticsearch BM25", 0.315, null),
                new("Anserini BM25 flat (k1 0.9, b 0.4)", 0.3970, 0.9324),
                new("Anserini BM25 multifield", 0.4142, 0.9431),
                new("Lucene.Net 4.8 stock BM25Similarity, same settings", 0.4155, 0.9367),
            ];
        }

        if (collectionName.Contains("scifact", StringComparison.OrdinalIgnoreCase))
        {
            return
            [
                new("BEIR paper, Elasticsearch BM25", 0.665, null),
                new("Anserini BM25 flat (k1 0.9, b 0.4)", 0.6789, 0.9253),
                new("Anserini BM25 multifield", 0.6647, 0.9076),
                new("Lucene.Net 4.8 stock BM25Similarity, same settings", 0.6789, 0.9287),
            ];
        }

        return [];
    }
}
