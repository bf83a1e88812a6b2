using Lucene.Net.Search;

namespace Bot.Search.Indexing;

/// <summary>
/// One concept of the question: a content term (boosted by how often the question says it) and the terms or
/// phrases that count as saying the same thing (an acronym's long form, fuzzy matches of a misspelling).
/// </summary>
/// <param name="Label">The term as analysed from the question.</param>
/// <param name="Weight">Inverse document frequency of the term (maximal when the corpus never uses it).</param>
/// <param name="Terms">Analysed terms that match the concept, with the credit each gives (1 exact, less for fuzzy).</param>
/// <param name="Phrases">Analysed phrases (acronym long forms) that match the concept in full.</param>
/// <param name="Concept">Groups with the same concept (the words of one name) count once in coverage.</param>
internal sealed record TermGroup(string Label, double Weight, IReadOnlyDictionary<string, double> Terms, IReadOnlyList<string[]> Phrases, int Concept);

/// <summary>A question turned into a Lucene query, with what is needed to highlight and to judge coverage.</summary>
/// <param name="Query">The Lucene query; null when nothing searchable was left.</param>
/// <param name="Groups">The question's concepts, for coverage.</param>
/// <param name="HighlightTerms">Analysed terms to mark in passages (with expansions and fuzzy matches).</param>
/// <param name="HighlightPrefixes">Prefixes to mark (autocomplete).</param>
/// <param name="QuestionTerms">The question's analysed content terms in order.</param>
internal sealed record QueryPlan(Query? Query, IReadOnlyList<TermGroup> Groups, IReadOnlySet<string> HighlightTerms, IReadOnlyList<string> HighlightPrefixes, IReadOnlyList<string> QuestionTerms)
{
    public static QueryPlan Empty { get; } = new(null, [], new HashSet<string>(), [], []);

    /// <summary>The text as searched: control characters removed, cut to length, split designations joined.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Whether the text asks a question, states a claim or lists search words.</summary>
    public QuestionForm Form { get; init; } = QuestionForm.Question;

    public bool IsEmpty => Query is null || Groups.Count == 0;

    /// <summary>Every analysed term that can earn a concept credit (terms, fuzzy matches, long-form words), once each.</summary>
    public IReadOnlyList<string> CoverageTerms => field ??= [.. Groups.SelectMany(g => g.Terms.Keys.Concat(g.Phrases.SelectMany(p => p))).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// IDF-weighted share of the question's concepts that a passage's terms cover: each concept counts with its
    /// weight, times its credit in the passage (1 for the term itself or a full acronym expansion, less for a fuzzy
    /// match). The words of one name form one concept, weighted like its rarest word and credited by the share of
    /// its words found.
    /// </summary>
    public double Coverage(IReadOnlySet<string> passageTerms)
    {
        double total = 0, covered = 0;
        foreach (var concept in Groups.GroupBy(g => g.Concept))
        {
            var weight = concept.Max(g => g.Weight);
            total += weight;
            covered += weight * concept.Average(g => Credit(g, passageTerms));
        }

        return total <= 0 ? 0 : covered / total;
    }

    private static double Credit(TermGroup group, IReadOnlySet<string> passageTerms)
    {
        var credit = 0.0;
        foreach (var (term, value) in group.Terms)
        {
            if (passageTerms.Contains(term))
            {
                credit = Math.Max(credit, value);
            }
        }

        return credit < 1 && group.Phrases.Any(p => p.All(passageTerms.Contains)) ? 1 : credit;
    }
}
