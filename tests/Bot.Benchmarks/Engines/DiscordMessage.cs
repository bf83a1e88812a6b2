using System.Globalization;
using System.Text;

namespace Bot.Benchmarks.Engines;

/// <summary>A passage ready to quote: its text with matches marked by <see cref="DiscordMessage.MatchStart"/>/<see cref="DiscordMessage.MatchEnd"/>, and its citation.</summary>
internal sealed record CitedPassage(string Id, string Text, string Marked, string Title, string? Publisher, string? Url, int Paragraph);

/// <summary>
/// The benchmark's Discord message composer, used by the FTS5 peer and the stand-in so that both do the same work:
/// each passage escaped and block-quoted with its matches in bold, cited (title, publisher, &lt;url&gt;, paragraph),
/// cut at a passage boundary to stay within Discord's 2,000 characters. The real engine brings its own formatter.
/// </summary>
internal static class DiscordMessage
{
    public const int MaxLength = 2000;
    public const char MatchStart = '\u0001';
    public const char MatchEnd = '\u0002';
    public const string NoAnswer = "I found nothing in the sources that answers that.";

    public static string Compose(IReadOnlyList<CitedPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var message = new StringBuilder(MaxLength);
        var block = new StringBuilder(1024);
        foreach (var passage in passages)
        {
            block.Clear().Append("> ");
            AppendEscaped(block, passage.Marked);
            block.Append("\n\u2014 *");
            AppendEscaped(block, passage.Title);
            block.Append('*');
            if (passage.Publisher is { Length: > 0 } publisher)
            {
                block.Append(", ");
                AppendEscaped(block, publisher);
            }

            if (passage.Url is { Length: > 0 } url)
            {
                block.Append(" <").Append(url).Append('>');
            }

            block.Append(CultureInfo.InvariantCulture, $" \u00B6{passage.Paragraph}\n");
            if (message.Length + block.Length > MaxLength)
            {
                break;
            }

            message.Append(block);
        }

        return message.Length == 0 ? NoAnswer : message.ToString(0, message.Length - 1);
    }

    private static void AppendEscaped(StringBuilder target, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case MatchStart or MatchEnd:
                    target.Append("**");
                    break;
                case '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '<' or '[' or ']' or '#' or '@':
                    target.Append('\\').Append(c);
                    break;
                case '\n' or '\r':
                    target.Append(' ');
                    break;
                default:
                    target.Append(c);
                    break;
            }
        }
    }
}
