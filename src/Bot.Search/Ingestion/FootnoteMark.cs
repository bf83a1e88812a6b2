namespace Bot.Search.Ingestion;

/// <summary>
/// A footnote mark in prose: <c>[12]</c>, or <c>[iv]</c> in lower-case Roman numerals, as essays and debate
/// arguments number their references; <c>(3)</c> only where <see cref="Sentences"/> finds it glued to a full stop.
/// </summary>
internal static class FootnoteMark
{
    /// <summary>Footnotes run to hundreds at most; a longer number in brackets is something else (a year, a count).</summary>
    public const int MaxDigits = 3;

    /// <summary>Up to "xxxviii" (38): longer runs of these letters in brackets are words, not numerals.</summary>
    private const int MaxRomanLetters = 7;

    /// <summary>The longest mark, brackets included.</summary>
    public const int MaxLength = MaxRomanLetters + 2;

    /// <summary>The length of a mark <c>[n]</c> at the start of <paramref name="text"/> and its number, else 0.</summary>
    public static int Bracketed(ReadOnlySpan<char> text, out int number) => Length(text, '[', ']', allowRoman: true, out number);

    /// <summary>The length of a mark <c>(n)</c> (digits only) at the start of <paramref name="text"/>, else 0.</summary>
    public static int Parenthesized(ReadOnlySpan<char> text) => Length(text, '(', ')', allowRoman: false, out _);

    private static int Length(ReadOnlySpan<char> text, char open, char close, bool allowRoman, out int number)
    {
        number = 0;
        if (text.Length < 3 || text[0] != open)
        {
            return 0;
        }

        // Only as far as the longest mark could reach, so that a text of brackets is not scanned once per bracket.
        var end = text[1..Math.Min(text.Length, MaxLength)].IndexOf(close) + 1;
        if (end < 2)
        {
            return 0;
        }

        var inner = text[1..end];
        if (inner.Length <= MaxDigits && !inner.ContainsAnyExceptInRange('0', '9'))
        {
            number = int.Parse(inner, System.Globalization.CultureInfo.InvariantCulture);
            return end + 1;
        }

        if (allowRoman && inner.Length <= MaxRomanLetters && !inner.ContainsAnyExcept("ivxl") && Roman(inner) is > 0 and var value)
        {
            number = value;
            return end + 1;
        }

        return 0;
    }

    /// <summary>The value of a lower-case Roman numeral (subtractive pairs read as usual; not checked for canonical form).</summary>
    private static int Roman(ReadOnlySpan<char> numeral)
    {
        var total = 0;
        for (var i = 0; i < numeral.Length; i++)
        {
            var value = Value(numeral[i]);
            total += i + 1 < numeral.Length && Value(numeral[i + 1]) > value ? -value : value;
        }

        return total;

        static int Value(char c) => c switch
        {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            _ => 50,
        };
    }
}
