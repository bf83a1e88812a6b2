using System.Globalization;
using System.Text;
using Bot.Search;
using Bot.Search.Answers;

namespace Bot.Formatting;

/// <summary>
/// Renders answers and search hits for a person at a terminal: each quote whole, its matched words marked (bold on
/// a terminal, <c>**word**</c> otherwise), then its citation; or an honest "the corpus does not say" naming what it covers.
/// </summary>
internal sealed class ConsoleAnswerFormatter(bool ansi)
{
    private const int SnippetChars = 240;

    /// <summary>Document titles named when declining; a corpus of thousands is summed up as "and N more".</summary>
    private const int MaxTitlesNamed = 10;

    private readonly string _open = ansi ? "\u001b[1m" : "**";
    private readonly string _close = ansi ? "\u001b[22m" : "**";

    /// <summary>The answer; with <paramref name="cite"/>, each quote is followed by its citation in that style, indented.</summary>
    public string Format(Answer answer, Func<Quote, string>? cite = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sb = new StringBuilder();
        if (answer.Outcome == AnswerOutcome.Declined || answer.Quotes.Count == 0)
        {
            sb.Append("Nothing in the documents I have bears on that");
            if (answer.CorpusTitles.Count > 0)
            {
                var shown = answer.CorpusTitles.Take(MaxTitlesNamed).Select(t => $"\u201C{t}\u201D");
                var more = answer.CorpusTitles.Count > MaxTitlesNamed
                    ? string.Create(CultureInfo.InvariantCulture, $" and {answer.CorpusTitles.Count - MaxTitlesNamed} more")
                    : string.Empty;
                sb.Append(". They cover: ").Append(string.Join("; ", shown)).Append(more);
            }

            return sb.Append('.').AppendLine().ToString();
        }

        if (answer.Outcome == AnswerOutcome.Related)
        {
            sb.AppendLine("The documents discuss this but do not say that. The closest passages they have:").AppendLine();
        }

        for (var i = 0; i < answer.Quotes.Count; i++)
        {
            var quote = answer.Quotes[i];
            if (i > 0)
            {
                sb.AppendLine();
            }

            sb.Append("> ").AppendLine(Mark(quote.Text, quote.Highlights).ReplaceLineEndings("\n> "));
            sb.Append("  \u2014 ").AppendLine(Citation(quote.Source));
            if (cite is not null)
            {
                sb.Append("    ").AppendLine(cite(quote).ReplaceLineEndings("\n    "));
            }
        }

        return sb.ToString();
    }

    public string FormatHit(Quote hit, int rank)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var (start, length) = SnippetWindow(hit);
        var spans = hit.Highlights
            .Where(h => h.Start >= start && h.End <= start + length)
            .Select(h => new TextSpan(h.Start - start, h.Length))
            .ToList();
        var snippet = Mark(hit.Text.Substring(start, length), spans).ReplaceLineEndings(" ");
        var prefix = start > 0 ? "…" : string.Empty;
        var suffix = start + length < hit.Text.Length ? "…" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{rank,2}. {hit.PassageId}  score {hit.Score:0.000}\n    {prefix}{snippet}{suffix}\n");
    }

    public static string FormatSource(DocumentInfo document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var parts = new List<string> { document.Title };
        if (document.Publisher is { } publisher)
        {
            parts.Add(publisher);
        }

        if (document.Date is { } date)
        {
            parts.Add(date);
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{document.File}  ({document.PassageCount} passages)\n    {string.Join(", ", parts)}\n");
        return document.Url is { } url ? line + $"    {url}\n" : line;
    }

    private static string Citation(PassageSource source)
    {
        var parts = new List<string> { $"\u201C{source.Title}\u201D" };
        if (source.Publisher is { } publisher)
        {
            parts.Add(publisher);
        }

        if (source.Date is { } date)
        {
            parts.Add(date);
        }

        parts.Add(source.Locator);
        parts.Add(source.Url ?? source.File);
        return string.Join(", ", parts);
    }

    private string Mark(string text, IReadOnlyList<TextSpan> spans)
    {
        var sb = new StringBuilder(text.Length + (spans.Count * 8));
        var at = 0;
        foreach (var span in MergeAdjacent(text, spans))
        {
            if (span.Start < at)
            {
                continue;
            }

            sb.Append(text, at, span.Start - at).Append(_open).Append(text, span.Start, span.Length).Append(_close);
            at = span.End;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Joins spans separated only by white space, so "287(g) program" is marked once.</summary>
    private static List<TextSpan> MergeAdjacent(string text, IReadOnlyList<TextSpan> spans)
    {
        var merged = new List<TextSpan>();
        foreach (var span in spans.Where(s => s.Start >= 0 && s.End <= text.Length).OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && merged[^1] is var last && span.Start >= last.End
                && string.IsNullOrWhiteSpace(text[last.End..span.Start]) && !text[last.End..span.Start].Contains('\n', StringComparison.Ordinal))
            {
                merged[^1] = new TextSpan(last.Start, span.End - last.Start);
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    /// <summary>A window of about <see cref="SnippetChars"/> characters around the first highlight, cut at spaces.</summary>
    private static (int Start, int Length) SnippetWindow(Quote hit)
    {
        var text = hit.Text;
        if (text.Length <= SnippetChars)
        {
            return (0, text.Length);
        }

        var focus = hit.Highlights.Count > 0 ? hit.Highlights[0].Start : 0;
        var start = Math.Max(0, focus - (SnippetChars / 4));
        if (start > 0 && text.IndexOf(' ', start) is var space and >= 0 && space < focus)
        {
            start = space + 1;
        }

        var end = Math.Min(text.Length, start + SnippetChars);
        if (end < text.Length && text.LastIndexOf(' ', end) is var cut && cut > start)
        {
            end = cut;
        }

        return (start, end - start);
    }
}
