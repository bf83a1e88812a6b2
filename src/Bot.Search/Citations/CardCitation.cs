using Bot.Search.Answers;
using Bot.Search.Ingestion;

namespace Bot.Search.Citations;

/// <summary>
/// A debate card, in the one-line cite form Verbatim's manual recommends: the tag (the member's question or claim,
/// else the passage's first sentence marked as a suggested tag); the cite, "Last YY" in Cite style then, in brackets,
/// author and qualifications, full date, title, publication, URL and paragraph; and the passage verbatim, the
/// sentence that best answers the question underlined (<see cref="AnsweringSentence"/>) and the matched words bold.
/// Two authors are "Last &amp; Last", three or more "Last et al."; without an author the cite starts with the
/// publication (else a short title), without a date the year is "ND".
/// </summary>
internal static class CardCitation
{
    private const string SuggestedTagPrefix = "Suggested tag: ";

    public static IReadOnlyList<CitationParagraph> Format(CitationSource source, string text, IReadOnlyList<TextSpan> highlights, string? question)
    {
        var tag = string.IsNullOrWhiteSpace(question)
            ? SuggestedTagPrefix + FirstSentence(text)
            : string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return
        [
            new RunList().Add(tag).ToParagraph(CitationPart.Tag),
            Cite(source),
            Body(text, highlights),
        ];
    }

    private static CitationParagraph Cite(CitationSource source)
    {
        var who = source.Authors switch
        {
            [] => source.Container ?? CitationFormatter.ShortTitle(source.Title),
            [var one] => one.Family,
            [var first, var second] => first.Family + " & " + second.Family,
            [var first, ..] => first.Family + " et al.",
        };
        var year = source.Date is { } date ? (date.Year % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture) : "ND";
        var details = new List<string>();
        var names = source.Authors.Select(a => a.Full).ToList();
        var byline = names.Count switch
        {
            0 => null,
            1 => names[0],
            2 => names[0] + " and " + names[1],
            _ => string.Join(", ", names[..^1]) + ", and " + names[^1],
        };
        if (byline is not null || source.AuthorTitle is not null)
        {
            details.Add(string.Join(", ", new[] { byline, source.AuthorTitle }.OfType<string>()));
        }

        if (source.Date is { } d)
        {
            details.Add(d.Day is { } day
                ? CitationFormatter.Number(d.Month) + "-" + CitationFormatter.Number(day) + "-" + CitationFormatter.Number(d.Year)
                : CitationFormatter.Number(d.Month) + "-" + CitationFormatter.Number(d.Year));
        }

        details.Add("\u201C" + source.Title + "\u201D");
        if (source.Container is { } container)
        {
            details.Add(container);
        }

        if (source.Url is { } url)
        {
            details.Add(url);
        }

        details.Add((source.Page is { } page ? "p. " + CitationFormatter.Number(page) + ", " : string.Empty) + "\u00B6 " + CitationFormatter.Number(source.Paragraph) + (source.Part is { } part ? ", part " + CitationFormatter.Number(part) : string.Empty));
        return new RunList()
            .Add(who + " " + year, RunMarks.CiteMark)
            .Add(" [" + string.Join("; ", details) + "]")
            .ToParagraph(CitationPart.Cite);
    }

    /// <summary>The passage verbatim: every character once, in order, with its marks.</summary>
    private static CitationParagraph Body(string text, IReadOnlyList<TextSpan> highlights)
    {
        var underline = AnsweringSentence.Find(text, highlights);
        var marks = new RunMarks[text.Length];
        if (underline is { } u)
        {
            Array.Fill(marks, RunMarks.Underline, u.Start, u.Length);
        }

        foreach (var h in highlights)
        {
            var start = Math.Clamp(h.Start, 0, text.Length);
            var end = Math.Clamp(h.End, start, text.Length);
            for (var i = start; i < end; i++)
            {
                marks[i] |= RunMarks.Bold;
            }
        }

        var runs = new RunList();
        var from = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || marks[i] != marks[from])
            {
                runs.Add(text[from..i], marks[from]);
                from = i;
            }
        }

        return runs.ToParagraph(CitationPart.CardText);
    }

    private static string FirstSentence(string text) =>
        Sentences.Spans(text) is [var (start, end), ..] ? text[start..end] : text.Trim();
}
