namespace Bot.Search.Citations;

/// <summary>
/// Title case for MLA and Chicago, sentence case for APA. Words written with capitals inside them ("ACLU",
/// "287(g)", "iPhone") are kept as they are: they are acronyms or names. Sentence case lowers a title only when it
/// is written in title case (every longer word capitalised); a title already in sentence case keeps its proper nouns.
/// </summary>
public static class Capitalization
{
    // Articles, the prepositions that are never adverbs in a headline, "to", "as" and the coordinating conjunctions
    // both manuals lowercase (MLA 9 §1.2; CMOS 17 8.159). "so" and "yet" only MLA lowercases.
    private static readonly HashSet<string> Minor = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "but", "for", "or", "nor", "to", "as",
        "about", "above", "across", "after", "against", "along", "amid", "among", "around", "at", "before", "behind",
        "below", "beneath", "beside", "between", "beyond", "by", "despite", "during", "except", "from", "in", "inside",
        "into", "of", "on", "onto", "per", "than", "through", "throughout", "toward", "towards", "under", "until",
        "upon", "via", "with", "within", "without", "versus", "vs",
    };

    private static readonly HashSet<string> MlaOnlyMinor = new(StringComparer.OrdinalIgnoreCase) { "so", "yet" };

    /// <summary>Title case: first and last words and principal words capitalised; minor words lowercase.</summary>
    public static string Headline(string title, CitationStyle style)
    {
        ArgumentNullException.ThrowIfNull(title);
        var words = title.Split(' ');
        var last = Array.FindLastIndex(words, w => w.Length > 0);
        var startOfPhrase = true;
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word.Length == 0)
            {
                continue;
            }

            var core = Core(word);
            var minor = Minor.Contains(core) || (style == CitationStyle.Mla && MlaOnlyMinor.Contains(core));
            if (!KeepsItsCase(core))
            {
                words[i] = !startOfPhrase && i != last && minor ? Lower(word) : CapitalizeParts(word);
            }

            startOfPhrase = EndsPhrase(word);
        }

        return string.Join(' ', words);
    }

    /// <summary>Sentence case: only the first word, the first word after a colon, and names keep a capital.</summary>
    public static string Sentence(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var words = title.Split(' ');
        if (!IsTitleCased(words))
        {
            return title;
        }

        var startOfPhrase = true;
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word.Length == 0)
            {
                continue;
            }

            var core = Core(word);
            if (!KeepsItsCase(core))
            {
                words[i] = startOfPhrase ? CapitalizeParts(word) : Lower(word);
            }

            startOfPhrase = EndsPhrase(word);
        }

        return string.Join(' ', words);
    }

    /// <summary>Every word of four or more letters starts with a capital (and there are at least two).</summary>
    private static bool IsTitleCased(string[] words)
    {
        var longer = words.Select(Core).Where(w => w.Length >= 4 && char.IsLetter(w[0])).ToList();
        return longer.Count >= 2 && longer.All(w => char.IsUpper(w[0]));
    }

    /// <summary>A capital after the first letter, or a digit: an acronym, a name like "McAllen", "287(g)".</summary>
    private static bool KeepsItsCase(string core) =>
        core.Skip(1).Any(char.IsUpper) || core.Any(char.IsDigit) || (core.Length == 1 && core == "I");

    private static bool EndsPhrase(string word) => word.TrimEnd('"', '\'', '\u201D', '\u2019', ')').EndsWith(':') || word.EndsWith('?') || word.EndsWith('!') || word is "—" or "–";

    /// <summary>The word without the punctuation around it.</summary>
    private static string Core(string word) => word.Trim('"', '\'', '\u201C', '\u201D', '\u2018', '\u2019', '(', ')', '[', ']', ',', ';', ':', '.', '?', '!');

    private static string Lower(string word) => word.ToLowerInvariant();

    /// <summary>Capitalises the first letter of each hyphenated part ("Long-Term").</summary>
    private static string CapitalizeParts(string word)
    {
        var chars = word.ToCharArray();
        var atStart = true;
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsLetter(chars[i]))
            {
                if (atStart)
                {
                    chars[i] = char.ToUpperInvariant(chars[i]);
                }

                atStart = false;
            }
            else if (chars[i] == '-')
            {
                atStart = true;
            }
        }

        return new string(chars);
    }
}
