using System.Text;
using Bot.Search.Answers;

namespace Bot.Formatting;

/// <summary>
/// Renders a passage for Discord: escaped, with its highlighted spans in bold, cut to a budget at a sentence
/// boundary (never mid-word) with an ellipsis when it does not fit.
/// </summary>
internal static class PassageRenderer
{
    public const string Ellipsis = "…";

    /// <summary>Renders <paramref name="text"/> within <paramref name="maxLength"/> characters of markdown.</summary>
    /// <returns>The markdown and whether the passage had to be shortened.</returns>
    public static (string Markdown, bool Shortened) Render(string text, IReadOnlyList<TextSpan> highlights, int maxLength)
    {
        var whole = RenderPrefix(text, highlights, text.Length);
        if (whole.Length <= maxLength)
        {
            return (whole, false);
        }

        // Longest prefix ending at a sentence boundary that fits with the ellipsis; else at a word boundary.
        var budget = maxLength - Ellipsis.Length - 1;
        foreach (var cuts in new[] { SentenceEnds(text), WordEnds(text) })
        {
            var best = LongestFitting(text, highlights, cuts, budget);
            if (best is not null)
            {
                return (best + " " + Ellipsis, true);
            }
        }

        return (Ellipsis, true);
    }

    private static string? LongestFitting(string text, IReadOnlyList<TextSpan> highlights, List<int> cuts, int budget)
    {
        // Rendered length grows with the prefix length, so binary search the cut points.
        string? best = null;
        int lo = 0, hi = cuts.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var candidate = RenderPrefix(text, highlights, cuts[mid]);
            if (candidate.Length <= budget)
            {
                best = candidate;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return best;
    }

    /// <summary>Escaped markdown of text[..end], bolding highlighted spans (clipped to the prefix).</summary>
    internal static string RenderPrefix(string text, IReadOnlyList<TextSpan> highlights, int end)
    {
        var sb = new StringBuilder(end + 32);
        var pos = 0;
        foreach (var span in highlights)
        {
            var start = Math.Clamp(span.Start, pos, end);
            var stop = Math.Clamp(span.End, start, end);
            if (stop <= start)
            {
                continue;
            }

            DiscordMarkdown.AppendEscaped(sb, text.AsSpan(pos, start - pos));
            var inner = text.AsSpan(start, stop - start);
            // Bold markers hugging white space do not render; keep white space outside them.
            var trimmed = inner.Trim();
            if (trimmed.IsEmpty)
            {
                DiscordMarkdown.AppendEscaped(sb, inner);
            }
            else
            {
                var lead = inner.Length - inner.TrimStart().Length;
                DiscordMarkdown.AppendEscaped(sb, inner[..lead]);
                sb.Append("**");
                DiscordMarkdown.AppendEscaped(sb, trimmed);
                sb.Append("**");
                DiscordMarkdown.AppendEscaped(sb, inner[(lead + trimmed.Length)..]);
            }

            pos = stop;
        }

        DiscordMarkdown.AppendEscaped(sb, text.AsSpan(pos, end - pos));
        return sb.ToString().TrimEnd();
    }

    /// <summary>Offsets just after each sentence end (., ! or ?, with any closing quotes) followed by white space.</summary>
    private static List<int> SentenceEnds(string text)
    {
        var ends = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '!' or '?'))
            {
                continue;
            }

            var j = i + 1;
            while (j < text.Length && text[j] is '"' or '\'' or '\u201D' or '\u2019' or ')')
            {
                j++;
            }

            if (j < text.Length && char.IsWhiteSpace(text[j]))
            {
                ends.Add(j);
            }
        }

        return ends;
    }

    /// <summary>Offsets of the end of each word (a position followed by white space).</summary>
    private static List<int> WordEnds(string text)
    {
        var ends = new List<int>();
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                ends.Add(i);
            }
        }

        return ends;
    }
}
