namespace Bot.Search.Ingestion;

/// <summary>
/// Finds the reference list a block of prose ends in: <c>… a loss of productivity.  [1] Bupa's Health Information
/// Team, ‘Iron-deficiency anaemia’, bupa.co.uk, March 2010,</c>. The list is cited, not quoted, so it is not part of
/// the passage; the footnote marks inside the prose are, verbatim.
/// </summary>
/// <remarks>
/// An entry starts a line: after a line break, after two or more spaces (where a text exported without its line
/// breaks had one), or right after the prose's last mark (<c>… costs. [2] [1] IFPI, …</c>). The list runs to the end
/// of the block, its numbers do not fall, and it starts again from the lowest number the prose cites (or from 1):
/// what tells a list from a mark that closes the prose (<c>… humans.  [5]</c>). Texts exported without brackets
/// number their list <c>1 Daily Mail Reporter, …  2 …</c>; such a list is recognised only in that flattened form, on
/// the prose's own line right after a sentence, from an entry numbered 1 that starts in a capital, a digit or a quote:
/// a numbered list on lines of its own is Markdown content, and "1 in 5 …" is prose.
/// </remarks>
internal static class ReferenceList
{
    /// <summary>Where the trailing reference list of <paramref name="block"/> starts, or its length when it has none.</summary>
    public static int Start(string block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var bracketed = BracketedStart(block);
        return bracketed < block.Length ? bracketed : FlattenedNumberedStart(block);
    }

    private static int BracketedStart(string block)
    {
        var marks = new List<(int Start, int Number)>();
        for (var i = block.IndexOf('['); i >= 0; i = block.IndexOf('[', i + 1))
        {
            var length = FootnoteMark.Bracketed(block.AsSpan(i), out var number);
            if (length > 0)
            {
                marks.Add((i, number));
            }
        }

        // The longest run of marks at the end that can be list entries: each starts a line, and none has a lower
        // number than the one before it (a list may repeat a number; an entry may have lost its text, a bare URL).
        var first = marks.Count;
        for (var k = marks.Count - 1; k >= 0; k--)
        {
            var ordered = k + 1 == marks.Count || marks[k].Number <= marks[k + 1].Number;
            if (!ordered || !StartsEntry(block, marks[k].Start))
            {
                break;
            }

            first = k;
        }

        // The list begins where the numbering starts again: at or below the lowest number the prose before cites.
        var lowestCited = int.MaxValue;
        for (var k = 0; k < marks.Count; k++)
        {
            if (k >= first && marks[k].Number <= (lowestCited == int.MaxValue ? 1 : lowestCited))
            {
                return marks[k].Start;
            }

            lowestCited = Math.Min(lowestCited, marks[k].Number);
        }

        return block.Length;
    }

    /// <summary>A mark starts an entry at the start of the block or of a line, after two spaces, or right after another mark.</summary>
    private static bool StartsEntry(string block, int mark)
    {
        var i = mark;
        while (i > 0 && block[i - 1] is ' ' or '\t')
        {
            i--;
        }

        if (i == 0 || block[i - 1] is '\n' or '\r' || mark - i >= MinFlattenedBreak)
        {
            return true;
        }

        var from = Math.Max(0, i - FootnoteMark.MaxLength);
        return block[i - 1] == ']' && block.AsSpan(from, i - from).LastIndexOf('[') is >= 0 and var open
            && FootnoteMark.Bracketed(block.AsSpan(from + open), out _) == i - from - open;
    }

    /// <summary>
    /// A flattened list numbered without brackets: from the last "  1 " (or "  1. ", "  1) ") to the end of the block, when a
    /// sentence end comes right before it. The last one, so that a "  1 " inside the prose never takes the rest of the
    /// prose with it.
    /// </summary>
    private static int FlattenedNumberedStart(string block)
    {
        var entries = new List<(int Start, int Number)>();
        for (var i = block.IndexOf("  ", StringComparison.Ordinal); i >= 0 && i < block.Length; i = block.IndexOf("  ", i, StringComparison.Ordinal))
        {
            var start = i;
            while (start < block.Length && block[start] == ' ')
            {
                start++;
            }

            if (NumberedEntry(block, start) is { } number)
            {
                entries.Add((start, number));
            }

            i = start;
        }

        for (var k = entries.Count - 1; k >= 0; k--)
        {
            if (entries[k].Number != 1)
            {
                continue;
            }

            var before = block.AsSpan(0, entries[k].Start).TrimEnd();
            return before.Length > 0 && EndsProse(before) ? entries[k].Start : block.Length;
        }

        return block.Length;
    }

    /// <summary>The number of an entry "1 Text", "1. Text" or "1) Text" at <paramref name="start"/>, on the prose's own line.</summary>
    private static int? NumberedEntry(string block, int start)
    {
        var i = start;
        while (i < block.Length && char.IsAsciiDigit(block[i]) && i - start < FootnoteMark.MaxDigits + 1)
        {
            i++;
        }

        var digits = i - start;
        if (digits is 0 or > FootnoteMark.MaxDigits || i >= block.Length)
        {
            return null;
        }

        if (block[i] is '.' or ')')
        {
            i++;
        }

        if (i + 1 >= block.Length || block[i] != ' ' || char.IsWhiteSpace(block[i + 1]) || char.IsLower(block[i + 1]))
        {
            return null;
        }

        return int.Parse(block.AsSpan(start, digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The prose before a flattened list ends a sentence, perhaps with a footnote number after it ("industries.2", "Morsi. 1").</summary>
    private static bool EndsProse(ReadOnlySpan<char> before) =>
        Sentences.EndsLikeSentence(before) || Sentences.EndsLikeSentence(before.TrimEnd("0123456789"));

    /// <summary>Two spaces stand for the line break a flattened text lost (sentences are one space apart).</summary>
    private const int MinFlattenedBreak = 2;
}
