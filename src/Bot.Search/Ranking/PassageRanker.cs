using Bot.Search.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Bot.Search.Ranking;

/// <summary>A candidate passage with what it was ranked on.</summary>
/// <param name="Doc">Lucene document number in the snapshot.</param>
/// <param name="Score">What the ranking sorts on: <see cref="Cosine"/> + w × <see cref="Coverage"/> with vectors, else <see cref="Lexical"/>.</param>
/// <param name="Lexical">BM25 score of the question's query (0 when the passage was found by its vector alone).</param>
/// <param name="Cosine">Cosine between the question's and the passage's vectors (0 without vectors).</param>
/// <param name="Coverage">IDF-weighted share of the question's concepts the passage's words cover (<see cref="QueryPlan.Coverage"/>).</param>
internal readonly record struct RankedPassage(int Doc, double Score, double Lexical, double Cosine, double Coverage);

/// <summary>The ranked candidates of one question, best first, with what the answer decision reads off them.</summary>
/// <param name="Passages">Candidates, best first, at most the depth asked for.</param>
/// <param name="LexicalMatches">Passages that hold at least one of the question's terms.</param>
/// <param name="Semantic">True when the passages were ranked with vectors.</param>
/// <param name="CosineGap">
/// How far the passage nearest the question (by cosine) stands out: its cosine minus the mean of the next
/// <see cref="PassageRanker.GapNeighbours"/>. A question the corpus bears on has a passage well ahead of the rest; one it
/// does not meets a flat field of loosely similar passages. 0 without vectors.
/// </param>
internal sealed record PassageRanking(IReadOnlyList<RankedPassage> Passages, int LexicalMatches, bool Semantic, double CosineGap)
{
    public static PassageRanking Empty { get; } = new([], 0, false, 0);
}

/// <summary>
/// The one ranking that <c>ask</c>, <c>search</c>, "Find sources" and <c>eval</c> share. Candidates are BM25's top
/// <see cref="LexicalCandidates"/> for the question's query and, with vectors, the <see cref="DenseCandidates"/>
/// passages nearest the question by cosine (a paraphrase that shares no word with its passage still gets it as a
/// candidate). With vectors each candidate is scored <c>cosine + w × coverage</c>: the meaning first, and the share of the
/// question's rarer words it holds as the tie-breaker that lets a passage naming the question's subject ("LEAP",
/// "287(g)") beat one that is merely about the same kind of thing. Without vectors, BM25 alone.
/// </summary>
public static class PassageRanker
{
    /// <summary>BM25 candidates per question: deep enough that recall@100 of the fused ranking is BM25's or better on BEIR (docs/quality.md).</summary>
    public const int LexicalCandidates = 1000;

    /// <summary>Nearest passages by cosine added to the candidates.</summary>
    public const int DenseCandidates = 100;

    /// <summary>
    /// Corpora up to this many passages are scanned whole for the nearest passages (int8 dot products: a few
    /// milliseconds per 100k passages on 2 cores, docs/benchmarks.md); larger ones re-rank BM25's candidates only.
    /// </summary>
    public const int DenseScanMaxPassages = 250_000;

    /// <summary>
    /// w in <c>cosine + w × coverage</c>. Fitted on the dev questions (docs/quality.md: the visible sample, the bot's own
    /// seed dev set, both on the seed alone and inside the debate corpus): 0.2 ranked the expected passage first most
    /// often across the four (0.1 and 0.3 each lost 1-3 points on one of them); BM25's own score, min-max normalised
    /// or divided by the best, did worse at every weight.
    /// </summary>
    public const double CoverageWeight = 0.2;

    /// <summary>Candidates after the nearest one whose mean cosine <see cref="PassageRanking.CosineGap"/> compares it with.</summary>
    public const int GapNeighbours = 10;

    /// <summary>Ranks the passages for <paramref name="plan"/>, at most <paramref name="depth"/>.</summary>
    /// <param name="snapshot">The index generation to rank in.</param>
    /// <param name="plan">The question's query.</param>
    /// <param name="queryVector">The question's vector; null ranks by words alone.</param>
    /// <param name="depth">How many passages to return.</param>
    internal static PassageRanking Rank(IndexSnapshot snapshot, QueryPlan plan, float[]? queryVector, int depth)
    {
        var reader = snapshot.Reader;
        if (reader.NumDocs == 0)
        {
            return PassageRanking.Empty;
        }

        depth = Math.Max(0, depth);
        var searcher = plan.Groups.Count > PassageSimilarity.CoordinationMaxTerms ? snapshot.LongQuerySearcher : snapshot.ShortQuerySearcher;
        var lexical = plan.Query is null ? null : TopHits.Search(searcher, plan.Query, Math.Min(LexicalCandidates, reader.NumDocs));
        var lexicalMatches = lexical?.TotalHits ?? 0;
        var vectors = snapshot.Vectors;
        if (vectors is null || queryVector is null)
        {
            var hits = lexical?.ScoreDocs ?? [];
            var coverage = Coverage(reader, plan, [.. hits.Take(depth).Select(h => h.Doc)]);
            return new PassageRanking(
                [.. hits.Take(depth).Select(h => new RankedPassage(h.Doc, h.Score, h.Score, 0, coverage.GetValueOrDefault(h.Doc)))],
                lexicalMatches,
                Semantic: false,
                CosineGap: 0);
        }

        // Sized for every candidate at once, so that it is not grown (and copied) four times per answer.
        var candidates = new Dictionary<int, double>((lexical?.ScoreDocs.Length ?? 0) + DenseCandidates);
        foreach (var hit in lexical?.ScoreDocs ?? [])
        {
            candidates[hit.Doc] = hit.Score;
        }

        if (vectors.Count <= DenseScanMaxPassages)
        {
            foreach (var ordinal in vectors.Nearest(queryVector, DenseCandidates))
            {
                var doc = snapshot.DocOf(ordinal);
                if (doc >= 0)
                {
                    candidates.TryAdd(doc, 0);
                }
            }
        }

        var docs = candidates.Keys.ToArray();
        var lexicalScores = candidates.Values.ToArray();
        var cosines = new double[docs.Length];
        for (var i = 0; i < docs.Length; i++)
        {
            var ordinal = snapshot.OrdinalOf(docs[i]);
            cosines[i] = ordinal < 0 ? 0 : vectors.Cosine(ordinal, queryVector);
        }

        var ranked = Scored(docs, lexicalScores, cosines, depth, subset => Coverage(reader, plan, subset));
        return new PassageRanking([.. ranked.Take(depth)], lexicalMatches, Semantic: true, Gap(cosines));
    }

    /// <summary>
    /// Candidates <paramref name="docs"/> (with their BM25 scores and cosines) scored <c>cosine + w × term share</c>,
    /// best first; <paramref name="termShares"/> gives the term share of the documents it is handed. Only candidates
    /// whose term share can still put them among the first <paramref name="depth"/> are scored, and only those are
    /// returned: term share costs a walk of each question term's postings per candidate, and most of BM25's 1,000
    /// candidates rank far below the first ten.
    /// <para>
    /// Term share lies in [0, 1] (a mean of credits in [0, 1] weighted by IDFs, which are positive), so a candidate
    /// scores at most its cosine + w. The <paramref name="depth"/> candidates of highest cosine are scored first; the
    /// lowest of their scores is reached by <paramref name="depth"/> candidates, so one whose cosine + w is below it
    /// ranks after all of them whatever its term share, and is left out. Every other candidate is scored: the first
    /// <paramref name="depth"/> returned are those of scoring them all, in the same order.
    /// </para>
    /// </summary>
    internal static List<RankedPassage> Scored(int[] docs, double[] lexicalScores, double[] cosines, int depth, Func<int[], Dictionary<int, double>> termShares)
    {
        var ranked = new List<RankedPassage>(docs.Length);
        void Score(IEnumerable<int> positions)
        {
            var batch = positions.ToArray();
            var shares = termShares([.. batch.Select(i => docs[i])]);
            foreach (var i in batch)
            {
                var share = shares.GetValueOrDefault(docs[i]);
                ranked.Add(new RankedPassage(docs[i], cosines[i] + (CoverageWeight * share), lexicalScores[i], cosines[i], share));
            }
        }

        var byCosine = Enumerable.Range(0, docs.Length).ToArray();
        if (depth >= docs.Length)
        {
            Score(byCosine);
        }
        else
        {
            Array.Sort(byCosine, (a, b) => cosines[b].CompareTo(cosines[a]));
            Score(byCosine.Take(depth));
            var floor = ranked.Count == 0 ? double.NegativeInfinity : ranked.Min(r => r.Score);
            Score(byCosine.Skip(depth).Where(i => cosines[i] + (CoverageWeight * MaxCoverage) >= floor));
        }

        ranked.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Lexical != a.Lexical ? b.Lexical.CompareTo(a.Lexical) : a.Doc.CompareTo(b.Doc));
        return ranked;
    }

    /// <summary>The largest term share (<see cref="QueryPlan.Coverage"/>): every concept of the question held.</summary>
    private const double MaxCoverage = 1;

    /// <summary>The nearest candidate's cosine minus the mean of the next <see cref="GapNeighbours"/> (0 with fewer than two).</summary>
    private static double Gap(double[] cosines)
    {
        if (cosines.Length < 2)
        {
            return 0;
        }

        var nearest = cosines.OrderDescending().Take(GapNeighbours + 1).ToArray();
        return nearest[0] - nearest.Skip(1).Average();
    }

    /// <summary>
    /// <see cref="QueryPlan.Coverage"/> of each of <paramref name="docs"/>, read from the postings of the plan's terms
    /// (one pass per term over the candidates in document order) rather than by loading and analysing the passages.
    /// Which of the plan's terms a candidate holds is kept as a bit mask (a question has far fewer than 64 coverage
    /// terms; more fall back to a set per candidate), and the share is computed once per distinct mask: the candidates
    /// of one question hold few distinct combinations of its words, and computing a share groups the concepts anew.
    /// </summary>
    internal static Dictionary<int, double> Coverage(IndexReader reader, QueryPlan plan, int[] docs)
    {
        var result = new Dictionary<int, double>(docs.Length);
        if (plan.Groups.Count == 0 || docs.Length == 0)
        {
            return result;
        }

        var terms = plan.CoverageTerms;
        if (terms.Count > MaskedTerms)
        {
            return CoverageBySets(reader, plan, docs);
        }

        var sorted = docs.Order().ToArray();
        var masks = new ulong[sorted.Length];
        WalkPostings(reader, terms, sorted, (i, t) => masks[i] |= 1UL << t);

        var shares = new Dictionary<ulong, double>();
        for (var i = 0; i < sorted.Length; i++)
        {
            var mask = masks[i];
            if (mask == 0)
            {
                // A candidate holding none of the terms: 0, as when it had no set of terms at all.
                result[sorted[i]] = 0;
                continue;
            }

            if (!shares.TryGetValue(mask, out var share))
            {
                var held = new HashSet<string>(StringComparer.Ordinal);
                for (var t = 0; t < terms.Count; t++)
                {
                    if ((mask & (1UL << t)) != 0)
                    {
                        held.Add(terms[t]);
                    }
                }

                shares[mask] = share = plan.Coverage(held);
            }

            result[sorted[i]] = share;
        }

        return result;
    }

    /// <summary>Coverage terms that fit a candidate's bit mask (<see cref="Coverage"/>).</summary>
    private const int MaskedTerms = 64;

    /// <summary><see cref="Coverage"/> with a set of terms per candidate, for a plan of more than <see cref="MaskedTerms"/> terms.</summary>
    private static Dictionary<int, double> CoverageBySets(IndexReader reader, QueryPlan plan, int[] docs)
    {
        var result = new Dictionary<int, double>(docs.Length);
        var present = new Dictionary<int, HashSet<string>>(docs.Length);
        var sorted = docs.Order().ToArray();
        var terms = plan.CoverageTerms;
        WalkPostings(reader, terms, sorted, (i, t) =>
        {
            if (!present.TryGetValue(sorted[i], out var set))
            {
                present[sorted[i]] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(terms[t]);
        });

        foreach (var doc in docs)
        {
            result[doc] = present.TryGetValue(doc, out var set) ? plan.Coverage(set) : 0;
        }

        return result;
    }

    /// <summary>
    /// Calls <paramref name="held"/>(i, t) for each candidate <paramref name="sorted"/>[i] (document numbers in
    /// ascending order) whose passage holds <paramref name="terms"/>[t]: one walk of each term's postings per segment,
    /// advancing over the candidates in document order.
    /// </summary>
    private static void WalkPostings(IndexReader reader, IReadOnlyList<string> terms, int[] sorted, Action<int, int> held)
    {
        foreach (var leaf in reader.Leaves)
        {
            var start = Array.BinarySearch(sorted, leaf.DocBase);
            start = start < 0 ? ~start : start;
            var end = leaf.DocBase + leaf.Reader.MaxDoc;
            if (start >= sorted.Length || sorted[start] >= end)
            {
                continue;
            }

            var termsEnum = leaf.AtomicReader.GetTerms(PassageFields.Text)?.GetEnumerator();
            if (termsEnum is null)
            {
                continue;
            }

            for (var t = 0; t < terms.Count; t++)
            {
                if (!termsEnum.SeekExact(new BytesRef(terms[t])))
                {
                    continue;
                }

                var postings = termsEnum.Docs(leaf.AtomicReader.LiveDocs, null, DocsFlags.NONE);
                for (var i = start; i < sorted.Length && sorted[i] < end; i++)
                {
                    var local = sorted[i] - leaf.DocBase;
                    var at = postings.DocID < local ? postings.Advance(local) : postings.DocID;
                    if (at == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        break;
                    }

                    if (at == local)
                    {
                        held(i, t);
                    }
                }
            }
        }
    }
}
