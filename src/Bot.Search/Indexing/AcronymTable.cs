namespace Bot.Search.Indexing;

/// <summary>The learned acronyms in analyzed form, for expanding queries both ways.</summary>
internal sealed class AcronymTable
{
    private readonly Dictionary<string, List<AnalyzedToken[]>> _longFormsByAcronym = new(StringComparer.Ordinal);
    private readonly List<(AnalyzedToken[] LongForm, string Acronym)> _longForms = [];

    public AcronymTable(IReadOnlyDictionary<string, string> acronyms, Lucene.Net.Analysis.Analyzer analyzer)
    {
        foreach (var (acronym, longForm) in acronyms)
        {
            var acronymTerms = TextAnalysis.Analyze(analyzer, PassageFields.Text, acronym);
            var longTerms = TextAnalysis.Analyze(analyzer, PassageFields.Text, longForm).ToArray();
            if (acronymTerms.Count != 1 || longTerms.Length < 2)
            {
                continue;
            }

            var term = acronymTerms[0].Term;
            if (!_longFormsByAcronym.TryGetValue(term, out var forms))
            {
                _longFormsByAcronym[term] = forms = [];
            }

            forms.Add(longTerms);
            _longForms.Add((longTerms, term));
        }
    }

    /// <summary>Analyzed long forms of an analyzed acronym term (none when it is not an acronym).</summary>
    public IReadOnlyList<AnalyzedToken[]> LongFormsOf(string term) =>
        _longFormsByAcronym.TryGetValue(term, out var forms) ? forms : [];

    /// <summary>Analyzed long forms with their acronym term.</summary>
    public IReadOnlyList<(AnalyzedToken[] LongForm, string Acronym)> LongForms => _longForms;
}
