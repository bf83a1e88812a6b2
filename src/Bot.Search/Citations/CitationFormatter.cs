using System.Globalization;
using Bot.Search.Answers;

namespace Bot.Search.Citations;

/// <summary>Cites a passage in one of the four styles; each style's rules are in its own formatter.</summary>
public static class CitationFormatter
{
    /// <summary>The style names members and the command line use, in the order they are offered.</summary>
    public static IReadOnlyList<string> StyleNames { get; } = ["card", "mla", "apa", "chicago"];

    /// <summary>Reads a style name (case-insensitive): card, mla, apa or chicago.</summary>
    public static bool TryParseStyle(string? name, out CitationStyle style)
    {
        style = (name?.Trim().ToUpperInvariant()) switch
        {
            "CARD" => CitationStyle.Card,
            "MLA" => CitationStyle.Mla,
            "APA" => CitationStyle.Apa,
            "CHICAGO" => CitationStyle.Chicago,
            _ => (CitationStyle)(-1),
        };
        return Enum.IsDefined(style);
    }

    /// <summary>
    /// Cites <paramref name="quote"/>. <paramref name="question"/> is the member's question or claim, a card's tag;
    /// the quote's highlights are the words that matched it.
    /// </summary>
    public static Citation Format(CitationStyle style, Quote quote, string? question = null)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var source = CitationSource.From(quote.Source);
        var paragraphs = style switch
        {
            CitationStyle.Card => CardCitation.Format(source, quote.Text, quote.Highlights, question),
            CitationStyle.Mla => MlaCitation.Format(source),
            CitationStyle.Apa => ApaCitation.Format(source),
            CitationStyle.Chicago => ChicagoCitation.Format(source),
            _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown citation style"),
        };
        return new Citation(style, quote.PassageId, paragraphs);
    }

    /// <summary>The first words of a title, up to its first punctuation or four words: MLA's and APA's short title.</summary>
    internal static string ShortTitle(string title)
    {
        var words = new List<string>();
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = word.Length > 1 && word[^1] is ',' or ':' or ';' or '?' or '!' or '.';
            words.Add(ends ? word[..^1] : word);
            if (ends || words.Count == 4)
            {
                break;
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>"Title." with the full stop left out after a title that ends in ? or !.</summary>
    internal static string WithStop(string text, char stop = '.') =>
        text.Length > 0 && text[^1] is '?' or '!' or '.' ? text : text + stop;

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Collects runs, merging neighbours with the same marks.</summary>
internal sealed class RunList
{
    private readonly List<CitationRun> _runs = [];

    public RunList Add(string text, RunMarks marks = RunMarks.None)
    {
        if (text.Length == 0)
        {
            return this;
        }

        if (_runs.Count > 0 && _runs[^1].Marks == marks)
        {
            _runs[^1] = _runs[^1] with { Text = _runs[^1].Text + text };
        }
        else
        {
            _runs.Add(new CitationRun(text, marks));
        }

        return this;
    }

    public CitationParagraph ToParagraph(CitationPart part) => new(part, [.. _runs]);
}
