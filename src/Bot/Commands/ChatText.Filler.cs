using System.Buffers;
using System.Collections.Frozen;

namespace Bot.Commands;

/// <summary>
/// Greetings and filler at the two ends of a question, matched on whole words (case aside, trailing punctuation
/// aside). Only the ends: in the middle a word like "right" or "please" is content ("the right to counsel", "can
/// you please explain"), and a word in quotes ("\"please\"") keeps its quote mark, so it never matches.
/// </summary>
internal static partial class ChatText
{
    private static readonly FrozenSet<string> Greetings = FrozenSet.Create(StringComparer.Ordinal, "hey", "hi", "hello", "yo", "heya", "hiya", "howdy");

    /// <summary>Who a greeting is addressed to: "hey bot", "hi all".</summary>
    private static readonly FrozenSet<string> Addressees = FrozenSet.Create(StringComparer.Ordinal, "bot", "there", "all", "everyone", "guys", "folks", "y'all");

    /// <summary>Politeness and chat interjections, dropped at either end: "pls explain…", "what's 287g lol".</summary>
    private static readonly FrozenSet<string> Interjections = FrozenSet.Create(StringComparer.Ordinal, "pls", "plz", "please", "lol", "lmao", "bruh", "ngl", "idk", "tldr", "tl;dr");

    /// <summary>Closing thanks, dropped at the end only.</summary>
    private static readonly FrozenSet<string> Thanks = FrozenSet.Create(StringComparer.Ordinal, "thanks", "thx");

    /// <summary>
    /// Tag questions that need a pause before them (", right?"): without one they are content ("a constitutional
    /// right?", "is this correct?").
    /// </summary>
    private static readonly FrozenSet<string> PausedTags = FrozenSet.Create(StringComparer.Ordinal, "right", "correct", "true", "no", "yes", "yeah", "ok", "okay");

    /// <summary>Negated auxiliaries of a tag question ("…, isn't it?", "…, don't they?"), also as chat spells them.</summary>
    private static readonly FrozenSet<string> NegatedAuxiliaries = FrozenSet.Create(
        StringComparer.Ordinal,
        "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "won't", "wouldn't", "shouldn't", "couldn't", "hasn't", "haven't",
        "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "cant", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent");

    private static readonly FrozenSet<string> TagPronouns = FrozenSet.Create(StringComparer.Ordinal, "it", "they", "that", "there", "he", "she", "we", "you", "i", "this");

    /// <summary>Punctuation a word may carry at its end without becoming another word: "hey,", "lol?", "q:".</summary>
    private const string TrailingMarks = ",.!?:;…";

    /// <summary>Punctuation that only pauses: what is left at an edge once the filler beside it is gone.</summary>
    private const string PauseMarks = ",;:-–—…";

    private static readonly SearchValues<char> Pauses = SearchValues.Create(PauseMarks + ".");

    private static readonly SearchValues<char> Closers = SearchValues.Create("?!.");

    /// <summary><paramref name="text"/> (white space already single spaces) without greetings and filler at its ends.</summary>
    private static string WithoutFiller(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var tokens = text.Split(' ');
        var words = Array.ConvertAll(tokens, Word);
        // In a message written all in capitals, capitals mark nothing, so they protect no acronym (see IsAcronym).
        var shouting = !text.Any(char.IsLower);
        int first = 0, end = tokens.Length;

        var strippedStart = false;
        while (first < end)
        {
            var n = (strippedStart && IsPause(tokens[first])) || LineMark().IsMatch(tokens[first]) ? 1 : LeadingFiller(tokens, words, first, end, shouting);
            if (n == 0)
            {
                break;
            }

            first += n;
            strippedStart = true;
        }

        // The closing punctuation of dropped filler belongs to the sentence ("what's 287g lol?" asks "what's 287g?"),
        // except a tag question's "?", which is the tag's: what is before ", right?" is a claim.
        var owed = string.Empty;
        var strippedEnd = false;
        while (end > first)
        {
            var n = strippedEnd && IsPause(tokens[end - 1]) ? 1 : TrailingFiller(tokens, words, first, end, shouting, ref owed);
            if (n == 0)
            {
                break;
            }

            end -= n;
            strippedEnd = true;
        }

        if (end == first)
        {
            return string.Empty;
        }

        if (strippedEnd)
        {
            var last = tokens[end - 1].AsSpan().TrimEnd(PauseMarks).ToString();
            tokens[end - 1] = last.Length > 0 && Closers.Contains(last[^1]) ? last : last + owed;
        }

        return string.Join(' ', tokens, first, end - first);
    }

    /// <summary>How many words at <paramref name="i"/> are a greeting, filler or a pasted ping; 0 when none.</summary>
    private static int LeadingFiller(string[] tokens, string[] words, int i, int end, bool shouting)
    {
        var word = words[i];
        var next = i + 1 < end ? words[i + 1] : null;
        if (tokens[i].Length > 1 && tokens[i][0] == '@')
        {
            // A mention pasted as text ("@Name") pings nobody, but it is not part of the question either.
            return 1;
        }

        if (next is not null && ((word is "ok" or "okay" && next == "so") || (word == "quick" && next is "q" or "question")))
        {
            return 2;
        }

        // A comma after a word in capitals marks it as an interjection ("OK, who…"), not an acronym ("OK sheriffs…").
        if (IsAcronym(tokens[i], shouting))
        {
            return 0;
        }

        if (Greetings.Contains(word))
        {
            return next is not null && Addressees.Contains(next) ? 2 : 1;
        }

        return word is "ok" or "okay" || Interjections.Contains(word) ? 1 : 0;
    }

    /// <summary>
    /// How many words ending before <paramref name="end"/> are filler or a tag question; 0 when none. Filler hands its
    /// closing punctuation to <paramref name="owed"/>; a tag question takes the "?" with it.
    /// </summary>
    private static int TrailingFiller(string[] tokens, string[] words, int first, int end, bool shouting, ref string owed)
    {
        var j = end - 1;
        var word = words[j];
        var closing = Closing(tokens[j]);
        if (closing.Contains('?', StringComparison.Ordinal) || owed.Contains('?', StringComparison.Ordinal))
        {
            var tag = TagQuestion(tokens, words, first, end);
            if (tag > 0)
            {
                owed = string.Empty;
                return tag;
            }
        }

        var pair = j > first ? words[j - 1] : null;
        var length = (pair, word) switch
        {
            // "is it legal or not" asks "is it legal": the alternative adds nothing, and the question stays one.
            ("or", "not" or "nah") or ("thank", "you") => 2,
            // At the end, the closing "?" says nothing of a word in capitals: "What is PLS?" asks about PLS.
            _ when IsAcronym(tokens[j].AsSpan().TrimEnd(TrailingMarks), shouting) => 0,
            _ when Interjections.Contains(word) || Thanks.Contains(word) => 1,
            _ => 0,
        };
        if (length > 0 && owed.Length == 0)
        {
            owed = closing;
        }

        return length;
    }

    /// <summary>
    /// The length of a tag question ending before <paramref name="end"/>: ", right?", "…, yeah?", "…, isn't it?",
    /// "… don't they?", "… isn't that right?"; 0 when none. A pause before it is needed where the words are also
    /// content ("a constitutional right?", "is this correct?"); without one, the others need two words before them,
    /// so that "why isn't it?" stays a question.
    /// </summary>
    private static int TagQuestion(string[] tokens, string[] words, int first, int end)
    {
        var j = end - 1;
        if (PausedTags.Contains(words[j]) && PausedBefore(tokens, j, first))
        {
            return 1;
        }

        if (words[j] == "yeah" && j - first >= 2)
        {
            return 1;
        }

        for (var length = 3; length >= 2; length--)
        {
            var start = end - length;
            if (start >= first
                && NegatedAuxiliaries.Contains(words[start])
                && TagPronouns.Contains(words[start + 1])
                && (length == 2 || words[j] is "right" or "true")
                && (PausedBefore(tokens, start, first) || start - first >= 2))
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>True when the word before <paramref name="i"/> ends with a pause (", right?") or is one ("- right?").</summary>
    private static bool PausedBefore(string[] tokens, int i, int first) =>
        i > first && (tokens[i - 1][^1] is ',' or '…' || tokens[i - 1].EndsWith("...", StringComparison.Ordinal) || IsPause(tokens[i - 1]));

    /// <summary>A word of pause marks alone: "-", "—", "...".</summary>
    private static bool IsPause(string token) => !token.AsSpan().ContainsAnyExcept(Pauses);

    /// <summary>The sentence-closing marks at the end of a token: "?" of "lol?", nothing of "lol,".</summary>
    private static string Closing(string token)
    {
        var marks = token[token.AsSpan().TrimEnd(TrailingMarks).Length..];
        return string.Concat(marks.Where(Closers.Contains));
    }

    /// <summary>
    /// Two or three capitals read as an acronym (OK, HI, PLS, NGL, LOL are also a state, an abbreviation, a game),
    /// so they are kept, unless the whole message is in capitals.
    /// </summary>
    private static bool IsAcronym(ReadOnlySpan<char> word, bool shouting)
    {
        if (shouting || word.Length is not (2 or 3))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The word a token is compared by: lower case, closing punctuation aside, a typographic apostrophe as '.</summary>
    private static string Word(string token) =>
        token.AsSpan().TrimEnd(TrailingMarks).ToString().Replace('’', '\'').ToLowerInvariant();
}
