namespace Bot.Search.Ingestion;

/// <summary>
/// Finds the sentences of a paragraph. A full stop, question mark, exclamation mark or ellipsis ends a sentence when
/// white space and the start of a new sentence (a capital, a digit, an opening quote or bracket) follow it; closing
/// quotes and brackets, and footnote marks such as <c>[3]</c> or a glued <c>(3)</c>, stay with the sentence they
/// close. A full stop after an abbreviation ("Dr.", "Lt.", "e.g."), an initialism ("U.S."), or a single initial ("J.")
/// does not end one, and a decimal point ("3.5") has no white space after it. Where the rules cannot tell ("in the
/// U.S. The …") the sentence goes on: a missed end only makes a piece of a long paragraph one sentence longer, while a
/// false one would cut a sentence in two.
/// </summary>
internal static class Sentences
{
    /// <summary>Abbreviations whose full stop is not a sentence end (case matters: "No. 5", but "said no. Then").</summary>
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Jr", "St", "Rev", "Hon", "Pres", "Gov", "Sen", "Rep", "Amb",
        "Lt", "Col", "Gen", "Maj", "Capt", "Cpl", "Sgt", "Pvt", "Cmdr", "Adm", "Supt", "Det", "Insp",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "No", "Nos", "Vol", "Vols", "Fig", "Figs", "Ch", "Art", "Sec", "Para", "Ed", "Eds",
        "Inc", "Ltd", "Co", "Corp", "Bros", "Dept", "Univ", "Assn", "Mt", "Ft", "Ave", "Blvd", "Rd",
        "vs", "etc", "al", "approx", "ca", "cf", "viz", "ed", "eds", "trans", "p", "pp", "no", "vol", "ch", "sec",
        "fig", "op", "cit", "ibid", "Ibid", "incl", "est", "Ph.D",
    };

    /// <summary>
    /// The sentences of <paramref name="text"/> as (start, end) offsets, in order, trimmed of the white space between
    /// them. Together they cover every non-white-space character; the last runs to the end of the text, with or
    /// without a final full stop.
    /// </summary>
    public static List<(int Start, int End)> Spans(string text)
    {
        var spans = new List<(int Start, int End)>();
        var start = SkipWhiteSpace(text, 0);
        var i = start;
        while (i < text.Length)
        {
            if (!IsTerminator(text[i]))
            {
                i++;
                continue;
            }

            var run = i;
            while (run < text.Length && IsTerminator(text[run]))
            {
                run++;
            }

            var end = EndOfSentence(text, i, run);
            if (end > 0)
            {
                spans.Add((start, end));
                start = SkipWhiteSpace(text, end);
                i = start;
            }
            else
            {
                i = run;
            }
        }

        var last = text.AsSpan(start).TrimEnd().Length;
        if (last > 0)
        {
            spans.Add((start, start + last));
        }

        return spans;
    }

    /// <summary>True when <paramref name="text"/> ends in sentence punctuation, possibly followed by closing quotes,
    /// brackets, emphasis marks and footnote marks.</summary>
    public static bool EndsLikeSentence(ReadOnlySpan<char> text)
    {
        var end = text.TrimEnd();
        while (true)
        {
            var withoutMark = TrimFootnoteMark(end);
            var trimmed = withoutMark.TrimEnd(ClosingMarks);
            if (trimmed.Length == end.Length)
            {
                break;
            }

            end = trimmed.TrimEnd();
        }

        return end.Length > 0 && IsTerminator(end[^1]);
    }

    /// <summary>
    /// Where the sentence ends when the terminators from <paramref name="first"/> to <paramref name="run"/> end it
    /// (after its closing marks and footnote marks), else 0. The abbreviation test comes last, and only where white
    /// space follows, so that no word is scanned twice.
    /// </summary>
    private static int EndOfSentence(string text, int first, int run)
    {
        var j = SkipClosingAndFootnoteMarks(text, run, afterNumber: first > 0 && char.IsDigit(text[first - 1]));
        if (j < text.Length)
        {
            if (!char.IsWhiteSpace(text[j]))
            {
                return 0;
            }

            var next = SkipWhiteSpace(text, j);
            if (next < text.Length && !StartsSentence(text[next]))
            {
                return 0;
            }
        }

        return run - first == 1 && text[first] == '.' && IsAbbreviation(text, first) ? 0 : j;
    }

    private static int SkipClosingAndFootnoteMarks(string text, int j, bool afterNumber)
    {
        while (true)
        {
            while (j < text.Length && ClosingMarks.Contains(text[j]))
            {
                j++;
            }

            // "… peace.(1) The": a number in parentheses right after the stop is a footnote mark; after a space it
            // may as well open an enumeration ("(1) first, (2) second").
            var glued = FootnoteMark.Parenthesized(text.AsSpan(j));
            if (glued > 0)
            {
                j += glued;
                continue;
            }

            // "… industries.2  Next": so is a bare number glued to a stop after a word; after a number the stop may
            // be a decimal point ("by 2005.2"), so the number is left alone.
            var number = afterNumber ? 0 : GluedNumberLength(text.AsSpan(j));
            if (number > 0)
            {
                j += number;
                continue;
            }

            // "… humans. [5] Next": the mark cites the sentence before it.
            var k = j;
            while (k < text.Length && text[k] is ' ' or '\t')
            {
                k++;
            }

            var mark = FootnoteMark.Bracketed(text.AsSpan(k), out _);
            if (mark == 0)
            {
                return j;
            }

            j = k + mark;
        }
    }

    /// <summary>
    /// Drops a footnote mark at the end: <c>[n]</c>, <c>(n)</c> right after the text it cites, or a bare number right
    /// after a stop that follows a word (the same marks <see cref="SkipClosingAndFootnoteMarks"/> keeps with a sentence).
    /// </summary>
    private static ReadOnlySpan<char> TrimFootnoteMark(ReadOnlySpan<char> text)
    {
        // Only the last few characters can hold the mark: a text of marks is trimmed one mark at a time, without
        // searching it whole each time.
        var tail = Math.Max(0, text.Length - FootnoteMark.MaxLength);
        var open = text[tail..].LastIndexOf('[') + tail;
        if (open >= tail && FootnoteMark.Bracketed(text[open..], out _) == text.Length - open)
        {
            return text[..open].TrimEnd();
        }

        open = text[tail..].LastIndexOf('(') + tail;
        if (open >= tail && open > 0 && !char.IsWhiteSpace(text[open - 1]) && FootnoteMark.Parenthesized(text[open..]) == text.Length - open)
        {
            return text[..open];
        }

        var digits = text.Length - text.TrimEnd("0123456789").Length;
        var stop = text[..^digits].TrimEnd(ClosingMarks);
        var word = stop.TrimEnd(".!?\u2026");
        return digits is >= 1 and <= FootnoteMark.MaxDigits && word.Length < stop.Length && word.Length > 0 && !char.IsDigit(word[^1])
            ? text[..^digits]
            : text;
    }

    /// <summary>The length of 1 to <see cref="FootnoteMark.MaxDigits"/> digits at the start of <paramref name="text"/> with white space or nothing after them, else 0.</summary>
    private static int GluedNumberLength(ReadOnlySpan<char> text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        return digits is >= 1 and <= FootnoteMark.MaxDigits && (digits == text.Length || char.IsWhiteSpace(text[digits])) ? digits : 0;
    }

    /// <summary>The word before the full stop at <paramref name="dot"/> is an abbreviation, an initialism or an initial.</summary>
    private static bool IsAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        var word = text.AsSpan(start, dot - start);
        if (word.IsEmpty)
        {
            return false;
        }

        // "J." and "U.S." / "e.g.": every part between full stops is one letter.
        var singleLetters = true;
        foreach (var part in word.ToString().Split('.'))
        {
            singleLetters &= part.Length == 1;
        }

        return singleLetters || Abbreviations.Contains(word.ToString());
    }

    private static bool StartsSentence(char c) =>
        char.IsDigit(c) || (char.IsLetter(c) && !char.IsLower(c)) || OpeningMarks.Contains(c);

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '\u2026';

    private static int SkipWhiteSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private const string ClosingMarks = "\"'\u201D\u2019\u00BB)]*_";

    private const string OpeningMarks = "\"'\u201C\u2018\u00AB([\u00BF\u00A1*_";
}
