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

    private static string Render(CitationParagraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (var run in paragraph.Runs)
        {
            Append(sb, run.Text.ReplaceLineEndings(" "), run.Marks);
        }

        return sb.ToString();
    }

    /// <summary>The first <paramref name="keep"/> characters of a card's text, cut back to a word, with an ellipsis.</summary>
    private static string Cut(CitationParagraph paragraph, int keep)
    {
        var text = paragraph.Text;
        var end = text.LastIndexOf(' ', Math.Clamp(keep, 0, text.Length - 1));
        end = end > 0 ? end : Math.Min(keep, text.Length);
        var sb = new StringBuilder();
        var at = 0;
        foreach (var run in paragraph.Runs)
        {
            if (at >= end)
            {
                break;
            }

            var take = Math.Min(run.Text.Length, end - at);
            Append(sb, run.Text[..take].ReplaceLineEndings(" "), run.Marks);
            at += run.Text.Length;
        }

        return sb.Append(" " + PassageRenderer.Ellipsis).ToString();
    }

    /// <summary>Marks hug the text: white space at either end stays outside them, or Discord would not render them.</summary>
    private static void Append(StringBuilder sb, string text, RunMarks marks)
    {
        var open = (marks.HasFlag(RunMarks.Underline) ? "__" : string.Empty)
            + (marks.HasFlag(RunMarks.Bold) || marks.HasFlag(RunMarks.CiteMark) ? "**" : string.Empty)
            + (marks.HasFlag(RunMarks.Italic) ? "*" : string.Empty);
        var trimmed = text.Trim();
        if (open.Length == 0 || trimmed.Length == 0)
        {
            sb.Append(text);
            return;
        }

        var close = new string([.. open.Reverse()]);
        var lead = text.Length - text.TrimStart().Length;
        sb.Append(text, 0, lead).Append(open).Append(trimmed).Append(close).Append(text, lead + trimmed.Length, text.Length - lead - trimmed.Length);
    }
}
