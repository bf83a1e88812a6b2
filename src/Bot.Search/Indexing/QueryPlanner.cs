using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Bot.Search.Indexing;

/// <summary>
/// Turns untrusted natural-language text into a Lucene query without any query syntax: the text is cleaned,
/// question words are dropped, the rest is analysed like the passages, and the query is assembled from
/// <see cref="TermQuery"/>, <see cref="PhraseQuery"/> and <see cref="FuzzyQuery"/> clauses. It never throws for
/// any input and stays far below <see cref="BooleanQuery.MaxClauseCount"/>.
/// </summary>
internal sealed partial class QueryPlanner(Analyzer analyzer, AcronymTable acronyms)
{
    /// <summary>Longer input is cut at a word boundary before analysis.</summary>
    public const int MaxInputChars = 4000;

    /// <summary>At most this many distinct content terms; each becomes one group of a few clauses.</summary>
    public const int MaxGroups = 128;

    /// <summary>At most this many adjacent-pair phrase clauses.</summary>
    public const int MaxPhrases = 16;

    /// <summary>Fuzzy matching applies only to terms of at least this many characters.</summary>
    public const int MinFuzzyLength = 4;

    /// <summary>Terms of at least this many characters may be two edits away; shorter ones one edit.</summary>
    public const int TwoEditLength = 8;

    private const int MaxFuzzyExpansions = 8;

    /// <summary>Adjacent-pair phrases of a question: words at most this many positions apart still match.</summary>
    private const int PhraseSlop = 2;

    /// <summary>The phrase clauses' weight against the term groups, for a question.</summary>
    private const float PhraseBoost = 0.5f;

    /// <summary>The title clause's weight against the term groups, for a question.</summary>
    private const float TitleBoost = 0.2f;

    private readonly FuzzyAutomataCache _fuzzyAutomata = new();

    /// <summary>
    /// For a long query (a claim, a pasted argument: more than <see cref="PassageSimilarity.CoordinationMaxTerms"/>
    /// terms), phrases are looser and weigh less: such a query's word pairs are its prose, not a name it quotes.
    /// </summary>
    private const int LongQueryPhraseSlop = 4;

    /// <summary>See <see cref="LongQueryPhraseSlop"/>.</summary>
    private const float LongQueryPhraseBoost = 0.25f;

    /// <summary>
    /// A long query's title clause weighs more: the title says what a whole document is about. Like its term groups,
    /// it counts each term as often as the query says it.
    /// </summary>
    private const float LongQueryTitleBoost = 0.5f;

    /// <summary>
    /// Words that shape a question but are not what it is about: interrogatives, auxiliaries, pronouns and
    /// reporting verbs ("what did X say about Y" asks about Y). English stop words are removed by the analyzer.
    /// </summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "who", "whom", "whose", "what", "which", "why", "how", "when", "where", "whats", "what's", "who's", "where's",
        "do", "does", "did", "done", "doing", "is", "are", "was", "were", "am", "be", "been", "being",
        "can", "could", "will", "would", "should", "shall", "may", "might", "must", "has", "have", "had", "having",
        "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "can't", "cannot",
        "couldn't", "shouldn't", "hasn't", "haven't", "hadn't",
        "i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "hers", "we", "us", "our", "they", "them",
        "their", "its", "it's", "something", "anything", "someone", "anyone", "please", "tell", "explain", "describe",
        "say", "says", "said", "saying", "mean", "means", "about", "according", "any", "some", "there",
        "kind", "sort", "type",

        // Function words outside Lucene's 33-word stop set: as question terms they carry no topic, and as terms the
        // corpus rarely uses they would weigh like rare content words.
        "from", "under", "before", "after", "out", "up", "down", "over", "off", "above", "below", "between",
        "through", "during", "without", "within", "against", "among", "toward", "towards", "upon", "onto", "than",
        "too", "very", "just", "also", "so", "all", "each", "every", "both", "more", "most", "other", "only", "own",
        "same", "few", "again", "further", "once", "here", "those", "while", "because", "since", "until", "whether",
    };

    /// <summary>After "how", these words ask for a quantity ("how long", "how many") rather than name a topic.</summary>
    private static readonly HashSet<string> QuantityWords = new(StringComparer.Ordinal)
    {
        "long", "many", "much", "often", "far", "old", "big", "large", "soon",
    };

    /// <summary>Builds the query for <paramref name="text"/>; an empty plan when nothing searchable is left.</summary>
    /// <param name="text">The user's text, untrusted.</param>
    /// <param name="searcher">The searcher the query will run on (for document frequencies and fuzzy expansion).</param>
    /// <param name="lastWordIsPrefix">Autocomplete: the last word is still being typed and matches as a prefix.</param>
    public QueryPlan Build(string? text, IndexSearcher searcher, bool lastWordIsPrefix = false)
    {
        var reader = searcher.IndexReader;
        var cleaned = JoinSplitDesignations(Clean(text), reader);
        var form = QuestionForms.Of(cleaned);
        var prefix = lastWordIsPrefix ? TrailingWord(cleaned) : null;
        var content = DropQuestionWords(cleaned);
        var tokens = TextAnalysis.Analyze(analyzer, PassageFields.Text, content);
        if (tokens.Count == 0 && prefix is null)
        {
            return QueryPlan.Empty with { Text = cleaned, Form = form };
        }

        var documents = Math.Max(reader.NumDocs, 1);
        var highlight = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<TermGroup>();
        var groupsQuery = new BooleanQuery(disableCoord: false);

        var names = NameTerms(cleaned);

        // A long form written out in the question is one concept (its phrase or its acronym), not one per word.
        var longForms = FindLongForms(tokens);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!longForms.Covered.Contains(i))
            {
                counts[tokens[i].Term] = counts.GetValueOrDefault(tokens[i].Term) + 1;
            }
        }

        foreach (var (term, count) in counts.Take(MaxGroups))
        {
            // One term-dictionary lookup: the query's weight reuses these statistics instead of seeking the term again.
            var textTerm = new Term(PassageFields.Text, term);
            var states = TermContext.Build(reader.Context, textTerm);
            var docFreq = states.DocFreq;
            var alternatives = new DisjunctionMaxQuery(0f) { new TermQuery(textTerm, states) };
            var terms = new Dictionary<string, double>(StringComparer.Ordinal) { [term] = 1.0 };
            var phrases = new List<string[]>();

            if (docFreq == 0 && term.Length >= MinFuzzyLength)
            {
                AddFuzzy(term, searcher, alternatives, terms);
            }

            foreach (var longForm in acronyms.LongFormsOf(term))
            {
                alternatives.Add(LongFormPhrase(longForm));
                phrases.Add([.. longForm.Select(t => t.Term)]);
            }

            alternatives.Boost = count;
            groupsQuery.Add(alternatives, Occur.SHOULD);
            highlight.UnionWith(terms.Keys);
            highlight.UnionWith(phrases.SelectMany(p => p));
            groups.Add(new TermGroup(term, Idf(docFreq, documents), terms, phrases, ConceptOf(term, names, groups.Count)));
        }

        AddLongFormConcepts(longForms.Matches, reader, documents, groupsQuery, groups, highlight);

        var prefixes = new List<string>();
        if (prefix is not null)
        {
            var lower = prefix.ToLowerInvariant();
            var prefixQuery = new PrefixQuery(new Term(PassageFields.Text, lower));
            groupsQuery.Add(prefixQuery, Occur.SHOULD);
            prefixes.Add(lower);
            groups.Add(new TermGroup(lower, Idf(0, documents), new Dictionary<string, double>(), [], groups.Count));
        }

        // Short questions keep the scoring the seed questions were tuned on; long queries (scored with plain BM25 and
        // b 0.4, see PassageRanker) count title terms as often as they say them and get looser, lighter phrases and a
        // heavier title clause.
        var isLong = groups.Count > PassageSimilarity.CoordinationMaxTerms;
        var query = new BooleanQuery(disableCoord: true) { { groupsQuery, Occur.SHOULD } };
        var pairs = AdjacentPairs(tokens);
        if (pairs.Count > 0)
        {
            var phrasesQuery = new BooleanQuery(disableCoord: true) { Boost = isLong ? LongQueryPhraseBoost : PhraseBoost };
            foreach (var pair in pairs)
            {
                phrasesQuery.Add(Phrase(pair, isLong ? LongQueryPhraseSlop : PhraseSlop), Occur.SHOULD);
            }

            query.Add(phrasesQuery, Occur.SHOULD);
        }

        var titleQuery = new BooleanQuery(disableCoord: true) { Boost = isLong ? LongQueryTitleBoost : TitleBoost };
        foreach (var (term, count) in counts.Take(MaxGroups))
        {
            titleQuery.Add(new TermQuery(new Term(PassageFields.Title, term)) { Boost = isLong ? count : 1 }, Occur.SHOULD);
        }

        if (titleQuery.Clauses.Count > 0)
        {
            query.Add(titleQuery, Occur.SHOULD);
        }

        return new QueryPlan(query, groups, highlight, prefixes, [.. tokens.Select(t => t.Term)]) { Text = cleaned, Form = form };
    }

    /// <summary>
    /// Joins a number and a lone letter that the documents write as one designation ("287 g" and "287-g" for
    /// <c>287(g)</c>, which the analyzer indexes as <c>287g</c>) when the joined term is in the index; elsewhere a
    /// number and a letter stay apart ("over 100 a year").
    /// </summary>
    private static string JoinSplitDesignations(string text, IndexReader reader) =>
        SplitDesignationRegex().Replace(text, match =>
        {
            var joined = string.Concat(match.Groups[1].Value, match.Groups[2].Value).ToLowerInvariant();
            return reader.DocFreq(new Term(PassageFields.Text, joined)) > 0 ? match.Groups[1].Value + match.Groups[2].Value : match.Value;
        });

    /// <summary>
    /// The words of <paramref name="text"/> (as searched) that are content words of its query: each whole word's span
    /// and the one analysed term it makes. Question words, stop words and words that analyse to several terms are left out.
    /// </summary>
    public IReadOnlyList<(int Start, int Length, string Term)> ContentWords(string text)
    {
        var content = DropQuestionWords(text);
        var words = new List<(int Start, int Length, string Term)>();
        foreach (Match word in SpaceSeparatedRegex().Matches(content))
        {
            var tokens = TextAnalysis.Analyze(analyzer, PassageFields.Text, word.Value);
            if (tokens.Count == 1)
            {
                words.Add((word.Index, word.Length, tokens[0].Term));
            }
        }

        return words;
    }

    /// <summary>Removes control characters and cuts overlong input at a word boundary.</summary>
    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cut = text.Length <= MaxInputChars ? text : text[..MaxInputChars];
        if (cut.Length < text.Length && cut.LastIndexOf(' ') is > 0 and var space)
        {
            cut = cut[..space];
        }

        var sb = new StringBuilder(cut.Length);
        for (var i = 0; i < cut.Length; i++)
        {
            var c = cut[i];
            if (char.IsHighSurrogate(c) && i + 1 < cut.Length && char.IsLowSurrogate(cut[i + 1]))
            {
                sb.Append(c).Append(cut[i + 1]);
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFD' or '\uFEFF')
            {
                sb.Append(' ');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Replaces question words, "how long"-style quantity words and a closing "stand for" with spaces, leaving the
    /// rest as typed.
    /// </summary>
    internal static string DropQuestionWords(string text)
    {
        var previous = string.Empty;
        var withoutIdioms = DefinitionIdiomRegex().Replace(text, m => new string(' ', m.Length));
        return WordRegex().Replace(withoutIdioms, match =>
        {
            var word = match.Value.Replace('\u2019', '\'').ToLowerInvariant();
            var drop = QuestionWords.Contains(word) || (previous == "how" && QuantityWords.Contains(word));
            previous = word;
            return drop ? new string(' ', match.Length) : match.Value;
        });
    }

    private static string? TrailingWord(string text)
    {
        if (text.Length == 0 || char.IsWhiteSpace(text[^1]))
        {
            return null;
        }

        var match = TrailingWordRegex().Match(text);
        return match.Success && match.Length >= 2 ? match.Value : null;
    }

    private void AddFuzzy(string term, IndexSearcher searcher, DisjunctionMaxQuery alternatives, Dictionary<string, double> terms)
    {
        var maxEdits = term.Length >= TwoEditLength ? 2 : 1;
        var fuzzy = _fuzzyAutomata.Query(new Term(PassageFields.Text, term), maxEdits, prefixLength: 1, maxExpansions: MaxFuzzyExpansions, transpositions: true);
        var rewritten = searcher.Rewrite(fuzzy);
        var matched = new HashSet<Term>();
        rewritten.ExtractTerms(matched);
        if (matched.Count == 0)
        {
            return;
        }

        alternatives.Add(rewritten);
        foreach (var match in matched)
        {
            var text = match.Text;
            var distance = EditDistance(term, text);
            terms[text] = Math.Max(0, 1.0 - ((double)distance / Math.Max(term.Length, text.Length)));
        }
    }

    /// <summary>The learned long forms written out in the question, and the token indexes they span.</summary>
    private (List<(AnalyzedToken[] LongForm, string Acronym)> Matches, HashSet<int> Covered) FindLongForms(List<AnalyzedToken> tokens)
    {
        var matches = new List<(AnalyzedToken[] LongForm, string Acronym)>();
        var covered = new HashSet<int>();
        var sequence = tokens.Select(t => t.Term).ToArray();
        foreach (var (longForm, acronym) in acronyms.LongForms)
        {
            var found = false;
            for (var start = IndexOfSequence(sequence, longForm, 0); start >= 0; start = IndexOfSequence(sequence, longForm, start + 1))
            {
                found = true;
                covered.UnionWith(Enumerable.Range(start, longForm.Length));
            }

            if (found && matches.Count < MaxGroups)
            {
                matches.Add((longForm, acronym));
            }
        }

        return (matches, covered);
    }

    /// <summary>
    /// Each long form found in the question becomes one group whose alternatives are the phrase and the acronym
    /// term, weighted like the rarest of its words.
    /// </summary>
    private static void AddLongFormConcepts(List<(AnalyzedToken[] LongForm, string Acronym)> matches, IndexReader reader, int documents, BooleanQuery groupsQuery, List<TermGroup> groups, HashSet<string> highlight)
    {
        foreach (var (longForm, acronym) in matches)
        {
            var alternatives = new DisjunctionMaxQuery(0f)
            {
                LongFormPhrase(longForm),
                new TermQuery(new Term(PassageFields.Text, acronym)),
            };
            groupsQuery.Add(alternatives, Occur.SHOULD);
            highlight.Add(acronym);
            highlight.UnionWith(longForm.Select(t => t.Term));
            var weight = longForm.Select(t => t.Term).Append(acronym)
                .Max(term => Idf(reader.DocFreq(new Term(PassageFields.Text, term)), documents));
            groups.Add(new TermGroup(acronym, weight, new Dictionary<string, double>(StringComparer.Ordinal) { [acronym] = 1.0 }, [[.. longForm.Select(t => t.Term)]], groups.Count));
        }
    }

    private static int IndexOfSequence(string[] sequence, AnalyzedToken[] part, int from)
    {
        for (var start = from; start + part.Length <= sequence.Length; start++)
        {
            var all = true;
            for (var i = 0; i < part.Length && all; i++)
            {
                all = sequence[start + i] == part[i].Term;
            }

            if (all)
            {
                return start;
            }
        }

        return -1;
    }

    private static List<AnalyzedToken[]> AdjacentPairs(List<AnalyzedToken> tokens)
    {
        var pairs = new List<AnalyzedToken[]>();
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i + 1 < tokens.Count && pairs.Count < MaxPhrases; i++)
        {
            if (tokens[i].Term != tokens[i + 1].Term && seen.Add((tokens[i].Term, tokens[i + 1].Term)))
            {
                pairs.Add([tokens[i], tokens[i + 1]]);
            }
        }

        return pairs;
    }

    /// <summary>
    /// A long form as an alternative to its acronym, boosted down to one word's worth so that matching the name
    /// spelled out counts like matching the acronym, not like matching three words.
    /// </summary>
    private static PhraseQuery LongFormPhrase(AnalyzedToken[] longForm)
    {
        var phrase = Phrase(longForm, slop: 0);
        phrase.Boost = 1f / longForm.Length;
        return phrase;
    }

    /// <summary>
    /// Names written as runs of capitalised words ("Susan Rice", "House Democrats"): each run's analysed terms,
    /// which coverage counts as one concept rather than one per word.
    /// </summary>
    private List<HashSet<string>> NameTerms(string text)
    {
        var names = new List<HashSet<string>>();
        foreach (Match match in NameRegex().Matches(text))
        {
            var terms = TextAnalysis.Analyze(analyzer, PassageFields.Text, match.Value).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
            if (terms.Count > 1)
            {
                names.Add(terms);
            }
        }

        return names;
    }

    /// <summary>The concept a term belongs to: the first name containing it, else its own group index.</summary>
    private static int ConceptOf(string term, List<HashSet<string>> names, int groupIndex)
    {
        var name = names.FindIndex(n => n.Contains(term));
        return name >= 0 ? -1 - name : groupIndex;
    }

    private static PhraseQuery Phrase(AnalyzedToken[] tokens, int slop)
    {
        var phrase = new PhraseQuery { Slop = slop };
        var first = tokens[0].Position;
        foreach (var token in tokens)
        {
            phrase.Add(new Term(PassageFields.Text, token.Term), token.Position - first);
        }

        return phrase;
    }

    /// <summary>BM25's inverse document frequency; a term the corpus never uses gets the maximum.</summary>
    internal static double Idf(int docFreq, int documents) =>
        Math.Log(1 + ((documents - docFreq + 0.5) / (docFreq + 0.5)));

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'\u2019]*")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}\p{N}'\u2019.\-]*(?:[ \t]+\p{Lu}[\p{L}\p{N}'\u2019.\-]*)+")]
    private static partial Regex NameRegex();

    /// <summary>"What does X stand for?" asks for a definition; the idiom names no topic.</summary>
    [GeneratedRegex(@"\bstands?\s+for(?=\W*$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefinitionIdiomRegex();

    [GeneratedRegex(@"[\p{L}\p{N}]+$")]
    private static partial Regex TrailingWordRegex();

    [GeneratedRegex(@"\S+")]
    private static partial Regex SpaceSeparatedRegex();

    [GeneratedRegex(@"\b(\d+)[ \-]([A-Za-z])\b(?![\-'\u2019]\w)")]
    private static partial Regex SplitDesignationRegex();
}
