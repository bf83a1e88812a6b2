using System.Text;
using Bot.Search.Citations;

namespace Bot.Formatting;

/// <summary>
/// A citation as text to paste, one paragraph a line, its marks written as Discord markdown: <c>*italic*</c>
/// titles, <c>**bold**</c> matched words and the cite's "Last YY", <c>__underlined__</c> read text. Inside a code
/// block Discord shows the marks literally, so the text copies as it is and renders as formatted where it is pasted
/// into Discord again; the command line prints the same text.
/// </summary>
internal static class CitationText
{
    private static readonly string[] Labels = ["Debate card", "MLA 9", "APA 7", "Chicago 17"];

    /// <summary>A human name of the style ("MLA 9").</summary>
    public static string Label(CitationStyle style) => Labels[(int)style];

    /// <summary>The citation's text, every paragraph on its own line.</summary>
    public static string Render(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return string.Join('\n', citation.Paragraphs.Select(Render));
    }

    /// <summary>
    /// The citation within <paramref name="maxLength"/> characters: a card's text is cut at a word with an ellipsis
    /// when the whole would not fit, never its tag or cite; true in <c>Shortened</c> when it was.
    /// </summary>
    public static (string Text, bool Shortened) Render(Citation citation, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var whole = Render(citation);
        if (whole.Length <= maxLength)
        {
            return (whole, false);
        }

        var body = citation.Paragraphs.FirstOrDefault(p => p.Part == CitationPart.CardText);
        var others = citation.Paragraphs.Where(p => p != body).Sum(p => Render(p).Length + 1);
        if (body is null || others >= maxLength)
        {
            return (whole[..Math.Max(0, maxLength - 1)].TrimEnd() + PassageRenderer.Ellipsis, true);
        }

        var budget = maxLength - others;
        for (var keep = Math.Min(body.Text.Length, budget); keep > 0; keep -= Math.Max(8, keep / 10))
        {
            var cut = Cut(body, keep);
            var candidate = string.Join('\n', citation.Paragraphs.Select(p => p == body ? cut : Render(p)));
            if (candidate.Length <= maxLength)
            {
                return (candidate, true);
            }
        }

        return (string.Join('\n', citation.Paragraphs.Where(p => p != body).Select(Render)), true);
    }

    private static string Render(CitationParagraph paragraph) => Render(paragraph.Runs.Select(r => (r.Text, r.Marks)));

    /// <summary>
    /// Markdown for runs, marks nested underline outside bold outside italic, each opened and closed only where it
    /// starts and ends: "__“**Crimes** go unsolved__", not a pair of markers per run.
    /// </summary>
    private static string Render(IEnumerable<(string Text, RunMarks Marks)> runs)
    {
        var sb = new StringBuilder();
        var open = new List<string>();
        foreach (var (raw, marks) in runs)
        {
            var text = raw.ReplaceLineEndings(" ");
            if (text.Length == 0)
            {
                continue;
            }

            var wanted = Markers(marks);
            var keep = 0;
            while (keep < open.Count && keep < wanted.Count && open[keep] == wanted[keep])
            {
                keep++;
            }

            for (var i = open.Count - 1; i >= keep; i--)
            {
                sb.Append(open[i]);
            }

            open.RemoveRange(keep, open.Count - keep);
            foreach (var marker in wanted.Skip(keep))
            {
                sb.Append(marker);
                open.Add(marker);
            }

            sb.Append(text);
        }

        for (var i = open.Count - 1; i >= 0; i--)
        {
            sb.Append(open[i]);
        }

        return sb.ToString();
    }

    private static List<string> Markers(RunMarks marks)
    {
        var markers = new List<string>(3);
        if (marks.HasFlag(RunMarks.Underline))
        {
            markers.Add("__");
        }

        if (marks.HasFlag(RunMarks.Bold) || marks.HasFlag(RunMarks.CiteMark))
        {
            markers.Add("**");
        }

        if (marks.HasFlag(RunMarks.Italic))
        {
            markers.Add("*");
        }

        return markers;
    }

    /// <summary>The first <paramref name="keep"/> characters of a card's text, cut back to a word, with an ellipsis.</summary>
    private static string Cut(CitationParagraph paragraph, int keep)
    {
        var text = paragraph.Text;
        var end = text.LastIndexOf(' ', Math.Clamp(keep, 0, text.Length - 1));
        end = end > 0 ? end : Math.Min(keep, text.Length);
        var runs = new List<(string Text, RunMarks Marks)>();
        var at = 0;
        foreach (var run in paragraph.Runs)
        {
            if (at >= end)
            {
                break;
            }

            runs.Add((run.Text[..Math.Min(run.Text.Length, end - at)], run.Marks));
            at += run.Text.Length;
        }

        return Render(runs).TrimEnd() + " " + PassageRenderer.Ellipsis;
    }
}
