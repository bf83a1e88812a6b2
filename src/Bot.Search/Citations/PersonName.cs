namespace Bot.Search.Citations;

/// <summary>An author's name split as citation styles need it: given names and family name.</summary>
/// <param name="Given">Given names ("Diane", "Mary Ann"); empty for a one-word name.</param>
/// <param name="Family">Family name ("Goldstein", "van Gogh").</param>
public sealed record PersonName(string Given, string Family)
{
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal) { "van", "von", "de", "der", "den", "du", "da", "di", "la", "le", "del", "dos", "bin", "al" };

    /// <summary>"Given Family".</summary>
    public string Full => Given.Length == 0 ? Family : Given + " " + Family;

    /// <summary>
    /// Reads "Last, First" as written, else "First Middle Last" with the last word (and any lowercase particle
    /// before it, "van", "de") as the family name.
    /// </summary>
    public static PersonName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            return new PersonName(name[(comma + 1)..].Trim(), name[..comma].Trim());
        }

        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= 1)
        {
            return new PersonName(string.Empty, name.Trim());
        }

        var familyStart = words.Length - 1;
        while (familyStart > 1 && Particles.Contains(words[familyStart - 1]))
        {
            familyStart--;
        }

        return new PersonName(string.Join(' ', words[..familyStart]), string.Join(' ', words[familyStart..]));
    }

    /// <summary>APA's initials: "Diane" → "D.", "Mary Ann" → "M. A.", "Jean-Paul" → "J.-P.".</summary>
    public string Initials => string.Join(' ', Given
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(word => word.EndsWith('.') && word.Length <= 3
            ? word
            : string.Join("-", word.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + "."))));
}
