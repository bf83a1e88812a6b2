using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Lucene.Net.Util.Automaton;

namespace Bot.Search.Indexing;

/// <summary>
/// Fuzzy queries that reuse the Levenshtein automata of terms seen before. A <see cref="FuzzyQuery"/> builds and
/// determinises one automaton per edit distance for its term on every rewrite, whatever the index holds (8% of an
/// answer at 1k passages, for each question word the corpus lacks, such as "known" in "What is known about X?"). The
/// automata depend only on the term, the edit distance, the prefix and transpositions, and are read-only once built,
/// so this keeps them, up to <see cref="MaxTerms"/> terms, and hands them to the query's terms enumeration through
/// the attribute Lucene already uses to share them between segments. The expansion, hence the query, is unchanged.
/// </summary>
internal sealed class FuzzyAutomataCache
{
    /// <summary>Terms kept; when full, the cache starts over (a few tens of kilobytes per term).</summary>
    public const int MaxTerms = 256;

    private readonly ConcurrentDictionary<(string Term, int MaxEdits, int PrefixLength, bool Transpositions), CompiledAutomaton[]> _automata = new();

    /// <summary>A fuzzy query for <paramref name="term"/> that takes its automata from the cache and fills it.</summary>
    public FuzzyQuery Query(Term term, int maxEdits, int prefixLength, int maxExpansions, bool transpositions) =>
        new CachedFuzzyQuery(this, term, maxEdits, prefixLength, maxExpansions, transpositions);

    private sealed class CachedFuzzyQuery(FuzzyAutomataCache cache, Term term, int maxEdits, int prefixLength, int maxExpansions, bool transpositions)
        : FuzzyQuery(term, maxEdits, prefixLength, maxExpansions, transpositions)
    {
        protected override TermsEnum GetTermsEnum(Terms terms, AttributeSource atts)
        {
            var key = (Term.Text, MaxEdits, PrefixLength, Transpositions);
            var shared = atts.AddAttribute<FuzzyTermsEnum.ILevenshteinAutomataAttribute>().Automata;
            if (shared.Count == 0 && cache._automata.TryGetValue(key, out var known))
            {
                foreach (var automaton in known)
                {
                    shared.Add(automaton);
                }
            }

            var termsEnum = base.GetTermsEnum(terms, atts);
            if (shared.Count > MaxEdits && !cache._automata.ContainsKey(key))
            {
                if (cache._automata.Count >= MaxTerms)
                {
                    cache._automata.Clear();
                }

                cache._automata.TryAdd(key, [.. shared]);
            }

            return termsEnum;
        }
    }
}
