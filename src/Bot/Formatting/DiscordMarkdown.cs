using System.Text;

namespace Bot.Formatting;

/// <summary>
/// Escapes user and document text for Discord message content, so that it renders as the literal text it is:
/// no markdown, no masked links, no mentions and no custom emoji or timestamps.
/// </summary>
/// <remarks>
/// Discord's parser (simple-markdown) treats a backslash before any ASCII punctuation as an escape and drops the
/// backslash, so escaping is safe for every character below. Mentions are defused twice over: the message also
/// carries <c>allowed_mentions: {"parse": []}</c>, and the escaped text no longer looks like a mention.
/// </remarks>
internal static class DiscordMarkdown
{
    /// <summary>Zero-width space: splits <c>@everyone</c> and <c>@here</c> without changing what a reader sees.</summary>
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>Escapes <paramref name="text"/> for use inline (inside a line of a message, bold or a quote).</summary>
    public static string Escape(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped; line breaks and other control characters become spaces.</summary>
    public static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']' or '<' or '>' or '#' or '-' or ':':
                    sb.Append('\\').Append(c);
                    break;
                case '@':
                    sb.Append('@');
                    if (StartsWithWord(text[(i + 1)..], "everyone") || StartsWithWord(text[(i + 1)..], "here"))
                    {
                        sb.Append(ZeroWidthSpace);
                    }

                    break;
                case '.' when IsListMarker(sb):
                    // "1. " at the start of a line would render as a numbered list.
                    sb.Append('\\').Append(c);
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        // Line breaks would end a block quote or bold run; other controls are invisible noise.
                        if (sb.Length == 0 || sb[^1] != ' ')
                        {
                            sb.Append(' ');
                        }
                    }
                    else if (char.IsSurrogate(c) && !IsPairedSurrogate(text, i))
                    {
                        // A lone surrogate is not valid UTF-16 and would not survive JSON encoding intact.
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }

    /// <summary>Text for inside a fenced code block: only a run of backticks could end the block early.</summary>
    public static string EscapeCodeBlock(string text) =>
        text.Replace("```", "`\u200B`\u200B`", StringComparison.Ordinal);

    private static bool StartsWithWord(ReadOnlySpan<char> rest, string word) =>
        rest.StartsWith(word, StringComparison.OrdinalIgnoreCase);

    private static bool IsPairedSurrogate(ReadOnlySpan<char> text, int i) =>
        char.IsHighSurrogate(text[i])
            ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
            : i > 0 && char.IsHighSurrogate(text[i - 1]);

    private static bool IsListMarker(StringBuilder sb)
    {
        // True when what precedes is only digits since the start of the text or of a line.
        var j = sb.Length - 1;
        if (j < 0 || !char.IsAsciiDigit(sb[j]))
        {
            return false;
        }

        while (j >= 0 && char.IsAsciiDigit(sb[j]))
        {
            j--;
        }

        return j < 0 || sb[j] == '\n' || (j >= 1 && sb[j] == ' ' && sb[j - 1] == '>');
    }
}
