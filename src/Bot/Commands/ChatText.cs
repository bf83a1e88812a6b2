using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Commands;

/// <summary>
/// Turns what a member typed into the question the search sees. What is chat and not content goes: user, role and
/// channel mentions, <c>@everyone</c>/<c>@here</c>, slash-command mentions, custom and Unicode emoji, timestamps,
/// guild navigation links, URLs, markdown marks, and greetings and filler at either end ("hey bot,", "pls", "lol",
/// ", right?"). The content keeps its case and punctuation: a trailing "?" tells a question from a claim. Every
/// entry point (<c>/ask</c>, <c>/search</c>, mentions, DMs, "Find sources", <c>bot ask</c>, <c>bot search</c>) goes
/// through <see cref="Clean"/>, so the same text gets the same answer wherever it is typed.
/// </summary>
/// <remarks>
/// Runs on every question, so each step is linear: the patterns have bounded or unambiguous repetition (no nested
/// quantifier can match the same text two ways), and filler is matched on whole words from the two ends.
/// </remarks>
internal static partial class ChatText
{
    /// <summary>The question in <paramref name="text"/>, or empty when nothing but chat is left.</summary>
    public static string Clean(string text)
    {
        // A pass can uncover chat it could not see in the text as typed: "@here**AND" keeps ** as text inside a
        // word until the ping beside it is gone. Passes repeat until one changes nothing, the second for almost any
        // text. They end: no pass lengthens the text, and one that changes it drops characters or turns a symbol,
        // control or backslash into a space, none of which a later pass brings back.
        var cleaned = CleanOnce(text);
        for (var again = CleanOnce(cleaned); again != cleaned; again = CleanOnce(cleaned))
        {
            cleaned = again;
        }

        return cleaned;
    }

    private static string CleanOnce(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        // Symbols go first, so an invisible character cannot hide a mention or a filler word from the steps below.
        var s = WithoutSymbols(text.ReplaceLineEndings("\n"));
        s = MarkdownEscape().Replace(s, string.Empty);
        s = CodeFenceLine().Replace(s, " ");
        s = WithoutMarks(s);

        // Markup and links go after the marks, as spaces, so that no removal can join two pieces into a new one;
        // line marks go after them, so that none is left at the start of a line by what was before it ("<@1> > quote").
        s = DiscordMarkup().Replace(s, " ");
        s = MaskedLink().Replace(s, "${text}");
        s = Url().Replace(s, " ");
        s = StrayBackslash().Replace(s, " ");
        s = LinePrefix().Replace(s, string.Empty);
        s = EmptyBrackets().Replace(s, " ");
        s = SpaceBeforePunctuation().Replace(WhiteSpace().Replace(s, " ").Trim(), string.Empty);
        return WithoutFiller(s);
    }

    /// <summary>
    /// Unicode emoji become a space, each sequence whole: the symbol with its skin tone, variation selector, keycap
    /// mark, tags (subdivision flags) and zero-width joiners; a pair of regional indicators (a flag) is two symbols.
    /// Control characters other than white space become a space; format characters (zero-width space, joiners,
    /// direction marks) and unpaired surrogates are dropped: they are invisible and would split or hide a word.
    /// </summary>
    private static string WithoutSymbols(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inEmoji = false;
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
            {
                inEmoji = false;
                i += used;
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.OtherSymbol || PresentsAsEmoji(text, i + used))
            {
                if (!inEmoji)
                {
                    sb.Append(' ');
                }

                inEmoji = true;
            }
            else if (inEmoji && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                         or UnicodeCategory.ModifierSymbol or UnicodeCategory.Format)
            {
                // Part of the emoji sequence before it.
            }
            else
            {
                inEmoji = false;
                if (category == UnicodeCategory.Control && !Rune.IsWhiteSpace(rune))
                {
                    sb.Append(' ');
                }
                else if (category != UnicodeCategory.Format)
                {
                    sb.Append(text, i, used);
                }
            }

            i += used;
        }

        return sb.ToString();
    }

    /// <summary>
    /// True when the character at <paramref name="next"/> asks for the one before it to be drawn as an emoji: the
    /// emoji presentation selector (❤️, ‼️) or the keycap mark (1️⃣, #⃣). Digits and punctuation are not symbols,
    /// so only these marks tell that they are emoji here.
    /// </summary>
    private static bool PresentsAsEmoji(string text, int next) =>
        next < text.Length && text[next] is '\uFE0F' or '\u20E3';

    // A backslash before punctuation only stops Discord from reading it as markdown; the punctuation is handled below.
    [GeneratedRegex(@"\\(?=[\p{P}\p{S}])")]
    private static partial Regex MarkdownEscape();

    // A backslash left over that joins no two words ("crimes \ ?"): what it escaped is gone.
    [GeneratedRegex(@"\\(?![\p{L}\p{N}])")]
    private static partial Regex StrayBackslash();

    // The fence line of a code block, with its language name ("```py"); the code inside is kept as text.
    [GeneratedRegex(@"^[ \t]*```[^\s`]*[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex CodeFenceLine();

    // Marks at the start of a line: block quotes (> and >>>), headings (#, ##, ###), subtext (-#), list bullets
    // (- and *) and numbered items (1.).
    private const string LineMarkPattern = @"(?:>>>|>|#{1,3}|-#|[-*]|\d{1,3}\.)";

    // Line marks in any nesting ("> - item"), each with the space after it that Discord needs to read it as one.
    [GeneratedRegex(@"^[ \t]*(?:" + LineMarkPattern + @"(?:[ \t]+|$))+", RegexOptions.Multiline)]
    private static partial Regex LinePrefix();

    // A word that is a line mark alone: one left at the start by what went before it ("hey > who…", "() > who…").
    [GeneratedRegex("^" + LineMarkPattern + "$")]
    private static partial Regex LineMark();

    // A run of inline marks: bold, italic and underline (* _), strikethrough (~~), spoiler (||), inline code (`).
    // Whole runs, so that removing one mark cannot join two others into a new one ("~`~").
    [GeneratedRegex(@"[*_~|`]+")]
    private static partial Regex MarkRun();

    private static string WithoutMarks(string text) =>
        MarkRun().Replace(text, run => IsText(text, run) ? run.Value : string.Empty);

    /// <summary>
    /// A lone ~ or | is text ("~50 people", "a | b"), and so is a run of * or _ inside a word or a number
    /// (snake_case, 5*3); any other run of marks is markdown.
    /// </summary>
    private static bool IsText(string text, Match run)
    {
        if (run.ValueSpan is "~" or "|")
        {
            return true;
        }

        var after = run.Index + run.Length;
        return !run.ValueSpan.ContainsAnyExcept('*', '_')
            && run.Index > 0 && char.IsLetterOrDigit(text[run.Index - 1])
            && after < text.Length && char.IsLetterOrDigit(text[after]);
    }

    // Discord's message markup (developer docs, Reference, Message Formatting): user <@id> <@!id>, role <@&id>,
    // channel <#id>, slash command </name sub group:id>, custom emoji <:name:id> and <a:name:id>, timestamp
    // <t:unix> and <t:unix:style>, guild navigation <id:browse> <id:linked-roles:id>; and the @everyone/@here pings.
    [GeneratedRegex(@"<(?:@[!&]?\d{1,20}|#\d{1,20}|/[-_'\p{L}\p{N}\p{M}]{1,32}(?: [-_'\p{L}\p{N}\p{M}]{1,32}){0,2}:\d{1,20}|a?:\w{1,32}:\d{1,20}|t:-?\d{1,20}(?::[tTdDfFsSR])?|id:[a-z-]{1,20}(?::\d{1,20})?)>|@(?i:everyone|here)\b")]
    private static partial Regex DiscordMarkup();

    // A masked link [text](url), also with the url in <> (no embed): the text is what the member wrote.
    [GeneratedRegex(@"\[(?<text>[^\[\]\n]{1,256})\]\(\s*<?(?i:https?)://[^\s()<>]{1,2048}>?\s*\)")]
    private static partial Regex MaskedLink();

    // A link, bare or in <> (no embed). A bare link ends before the sentence's closing punctuation, as Discord's does.
    [GeneratedRegex(@"<(?i:https?)://[^\s<>]{1,2048}>|(?i:https?)://[^\s<>]*[^\s<>.,;:!?'""()\[\]]")]
    private static partial Regex Url();

    // What a removed link leaves in brackets: "(see <https://…>)".
    [GeneratedRegex(@"\(\s*\)|\[\s*\]")]
    private static partial Regex EmptyBrackets();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    // The space a removed emoji or mention leaves before the sentence's punctuation: "detainers <:x:1>?".
    [GeneratedRegex(@" (?=[?!.,;:]+(?: |$))")]
    private static partial Regex SpaceBeforePunctuation();
}
