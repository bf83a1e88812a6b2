using System.Text.RegularExpressions;

namespace Bot.Search.Ingestion;

/// <summary>
/// Learns acronyms from the documents themselves: "Long Form Words (ACRO)" where the acronym's letters are the
/// initials of the capitalised words just before the parenthesis ("and", "of", "for", "the", "on", "in" may sit
/// between them, and a possessive <c>’s</c> on the last word is ignored).
/// </summary>
public sealed partial class AcronymLearner
{
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal) { "and", "of", "for", "the", "on", "in", "&" };

    private readonly Dictionary<string, Dictionary<string, int>> _counts = new(StringComparer.Ordinal);

    /// <summary>Acronym → long form of all definitions in <paramref name="texts"/>.</summary>
    public static IReadOnlyDictionary<string, string> Learn(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var learner = new AcronymLearner();
        foreach (var text in texts)
        {
            learner.Add(text);
        }

        return learner.Result();
    }

    /// <summary>Notes the acronym definitions in one text.</summary>
    public void Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match match in DefinitionRegex().Matches(text))
        {
            var acronym = match.Groups["acro"].Value;
            var longForm = LongFormBefore(text[Math.Max(0, match.Index - 300)..match.Index], acronym);
            if (longForm is null)
            {
                continue;
            }

            if (!_counts.TryGetValue(acronym, out var forms))
            {
                _counts[acronym] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            forms[longForm] = forms.GetValueOrDefault(longForm) + 1;
        }
    }

    /// <summary>Acronym → long form. When the texts define one acronym several ways, the most frequent wins.</summary>
    public IReadOnlyDictionary<string, string> Result()
    {
        return _counts
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(
                kv => kv.Key,
                kv => kv.Value.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key,
                StringComparer.Ordinal);
    }

    private static string? LongFormBefore(string before, string acronym)
    {
        var words = WordRegex().Matches(before).Select(m => m.Value).ToList();
        var letter = acronym.Length - 1;
        var index = words.Count - 1;
        var first = -1;
        var isLastWord = true;
        while (letter >= 0 && index >= 0)
        {
            var word = isLastWord ? StripPossessive(words[index]) : words[index];
            isLastWord = false;
            if (char.IsUpper(word[0]) && word[0] == acronym[letter])
            {
                first = index;
                letter--;
                index--;
            }
            else if (Fillers.Contains(word) && first >= 0)
            {
                index--;
            }
            else
            {
                return null;
            }
        }

        if (letter >= 0 || first < 0)
        {
            return null;
        }

        var parts = words.Skip(first).ToList();
        parts[^1] = StripPossessive(parts[^1]);
        return string.Join(' ', parts);
    }

    private static string StripPossessive(string word) =>
        word.EndsWith("\u2019s", StringComparison.Ordinal) || word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;

    [GeneratedRegex(@"\((?<acro>[A-Z]{2,10})\)")]
    private static partial Regex DefinitionRegex();

    [GeneratedRegex(@"[\p{L}\p{N}&][\p{L}\p{N}\u2019'\-\.&]*")]
    private static partial Regex WordRegex();
}
