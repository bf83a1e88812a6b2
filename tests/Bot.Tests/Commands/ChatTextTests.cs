using System.Diagnostics;
using Bot.Commands;

namespace Bot.Tests.Commands;

public sealed class ChatTextTests
{
    [Theory]
    [InlineData("<@100> who said crimes go unsolved?", "who said crimes go unsolved?")]
    [InlineData("<@!100>   why   <@&5> <#7> now", "why now")]
    [InlineData("what did </ask:816437322781949972> and </foo group bar:123456789012345678> say?", "what did and say?")]
    [InlineData("who is <:mmLol:216154654256398347> diane <a:b1nzy:392938283556143104>", "who is diane")]
    [InlineData("what happened on <t:1618953630> and <t:1618953630:R>?", "what happened on and?")]
    [InlineData("see <id:customize> <id:linked-roles:123> who leads LEAP?", "see who leads LEAP?")]
    [InlineData("@everyone @here @Everyone what did the ACLU say?", "what did the ACLU say?")]
    [InlineData("\\<@100> who said it?", "who said it?")]
    public void DiscordMarkupIsNotPartOfTheQuestion(string typed, string question)
    {
        Assert.Equal(question, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("who leads LEAP? 😀", "who leads LEAP?")]
    [InlineData("who👨‍👩‍👧leads LEAP", "who leads LEAP")] // a ZWJ family, between words
    [InlineData("👍🏽 who leads LEAP", "who leads LEAP")] // skin tone
    [InlineData("❤️ detainers ☺︎", "detainers")] // emoji and text variation selectors
    [InlineData("🇺🇸 287(g) 🏴󠁧󠁢󠁳󠁣󠁴󠁿", "287(g)")] // a flag and a subdivision flag (tag characters)
    [InlineData("1️⃣ detainers #⃣ 2 ‼️", "detainers 2")] // keycaps, with and without VS16; the plain digit stays
    [InlineData("@\u200Beveryone who leads\u200E LEAP\u0007?", "who leads LEAP?")] // invisible characters hide no ping
    public void UnicodeEmojiAndInvisibleCharactersAreNotPartOfTheQuestion(string typed, string question)
    {
        Assert.Equal(question, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("is this true https://thehill.com/policy/543496-law?", "is this true?")]
    [InlineData("is this true <https://thehill.com/a?b=c> detainers", "is this true detainers")]
    [InlineData("what does [the Hill article](https://thehill.com/x) say?", "what does the Hill article say?")]
    [InlineData("what does [this](<https://thehill.com/x>) say?", "what does this say?")]
    [InlineData("detainers (<https://example.org/a_b>)", "detainers")]
    [InlineData("HTTPS://EXAMPLE.ORG/X who leads LEAP", "who leads LEAP")]
    public void LinksAreNotPartOfTheQuestionButMaskedLinkTextIs(string typed, string question)
    {
        Assert.Equal(question, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("what is **287(g)**?", "what is 287(g)?")]
    [InlineData("*how* __long__ ***do*** ~~ICE~~ ||detainers|| `hold`?", "how long do ICE detainers hold?")]
    [InlineData("> who leads LEAP?", "who leads LEAP?")]
    [InlineData(">>> who leads\nLEAP?", "who leads LEAP?")]
    [InlineData("# Detainers\n## hold\n-# people\n- 48 hours\n* extra\n1. why", "Detainers hold people 48 hours extra why")]
    [InlineData("```\nwho leads LEAP\n```", "who leads LEAP")]
    [InlineData("```md\nwho leads LEAP\n```", "who leads LEAP")]
    [InlineData("\\*\\*not bold\\*\\* snake_case 5*3 -5 #1", "not bold snake_case 5*3 -5 #1")]
    public void MarkdownMarksGoAndTheirTextStays(string typed, string question)
    {
        Assert.Equal(question, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("hey bot, who is diane goldstein", "who is diane goldstein")]
    [InlineData("Hi! Who leads LEAP?", "Who leads LEAP?")]
    [InlineData("hello there - who leads LEAP?", "who leads LEAP?")]
    [InlineData("yo what's a detainer", "what's a detainer")]
    [InlineData("ok so what's a detainer", "what's a detainer")]
    [InlineData("OK so what's a detainer", "what's a detainer")]
    [InlineData("Okay, what's a detainer", "what's a detainer")]
    [InlineData("pls explain ICE detainers", "explain ICE detainers")]
    [InlineData("plz explain ICE detainers", "explain ICE detainers")]
    [InlineData("Please explain ICE detainers, please!", "explain ICE detainers!")]
    [InlineData("quick q: how long is a detainer hold?", "how long is a detainer hold?")]
    [InlineData("Quick question, how long is a detainer hold?", "how long is a detainer hold?")]
    [InlineData("tl;dr: what did LEAP say?", "what did LEAP say?")]
    [InlineData("TLDR what did LEAP say", "what did LEAP say")]
    [InlineData("ngl idk what 287g is", "what 287g is")]
    [InlineData("bruh why do deputies get sued", "why do deputies get sued")]
    [InlineData("what's 287g lol", "what's 287g")]
    [InlineData("what's 287g lol?", "what's 287g?")]
    [InlineData("what's 287g? lmao", "what's 287g?")]
    [InlineData("who leads LEAP, thanks!", "who leads LEAP!")]
    [InlineData("who leads LEAP? thank you", "who leads LEAP?")]
    [InlineData("@Diane who leads LEAP?", "who leads LEAP?")]
    [InlineData("@Alice @Bob who leads LEAP?", "who leads LEAP?")]
    [InlineData("hey @DebateBot who leads LEAP?", "who leads LEAP?")]
    [InlineData("WHO LEADS LEAP LOL", "WHO LEADS LEAP")] // all in capitals: capitals mark no acronym
    public void GreetingsAndFillerAtTheEndsAreNotPartOfTheQuestion(string typed, string question)
    {
        Assert.Equal(question, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("Detainers hold people 48 extra hours without a warrant, right?", "Detainers hold people 48 extra hours without a warrant")]
    [InlineData("Detainers hold people 48 extra hours - right?", "Detainers hold people 48 extra hours")]
    [InlineData("Detainers need a judge, isn't it?", "Detainers need a judge")]
    [InlineData("Detainers need a judge isn’t it?", "Detainers need a judge")]
    [InlineData("Sheriffs get sued for it, don't they?", "Sheriffs get sued for it")]
    [InlineData("Detainers need a judge, isn't that right?", "Detainers need a judge")]
    [InlineData("Detainers last 48 hours yeah?", "Detainers last 48 hours")]
    [InlineData("Detainers last 48 hours, correct?", "Detainers last 48 hours")]
    [InlineData("Detainers last 48 hours, right? lol", "Detainers last 48 hours")]
    [InlineData("so is biden gonna end 287(g) or not", "so is biden gonna end 287(g)")]
    [InlineData("is biden gonna end 287(g) or not?", "is biden gonna end 287(g)?")]
    public void ATagQuestionLeavesTheClaimAndOrNotLeavesTheQuestion(string typed, string question)
    {
        Assert.Equal(question, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("What does the right to counsel mean?")]
    [InlineData("Do they have a constitutional right?")]
    [InlineData("Is this correct?")]
    [InlineData("Is that true?")]
    [InlineData("Why isn't it?")]
    [InlineData("can you please explain the 287(g) program")]
    [InlineData("what does \"pls\" mean")]
    [InlineData("\"please\" is what the officer said")]
    [InlineData("What is PLS?")]
    [InlineData("OK sheriffs signed 287(g) agreements?")]
    [InlineData("HI deputies hold people 48 hours?")]
    [InlineData("Yo-Yo Ma said what?")]
    [InlineData("hiring deputies costs $1,000,000.50 a year?")]
    [InlineData("Who is Diane Goldstein?")]
    [InlineData("Retired Lt. Diane Goldstein said “If people don’t feel safe…”")]
    [InlineData("so many people held 48 hours")]
    [InlineData("what did @LEAP say about 287(g)?")]
    [InlineData("Detainers are issued without a judge signing off.")]
    [InlineData("¿Qué es 287(g)? 日本語の質問")]
    public void ContentThatLooksLikeChatIsKept(string typed)
    {
        Assert.Equal(typed, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("<@100>")]
    [InlineData("@everyone @here <@&1> <#2>")]
    [InlineData("😀👍🏽🇺🇸❤️")]
    [InlineData("<:thinking:123456789012345678> <a:wave:1>")]
    [InlineData("hi")]
    [InlineData("hey bot!")]
    [InlineData("lol")]
    [InlineData("https://example.org")]
    [InlineData("**__~~||``||~~__**")]
    public void ChatAloneLeavesNothing(string typed)
    {
        Assert.Equal(string.Empty, ChatText.Clean(typed));
    }

    [Theory]
    [InlineData("@everyone <@&123456789012345678> <@222222222222222222> Who is the executive director of LEAP?", "Who is the executive director of LEAP?")]
    [InlineData("pls explain ICE detainers <:thinking:123456789012345678>", "explain ICE detainers")]
    [InlineData("<@100> hey bot, **who** is diane goldstein?? 😀 lol", "who is diane goldstein??")]
    [InlineData("> @Alice said [this](https://x.org) — detainers hold people 48 hours, right? 🤔", "said this — detainers hold people 48 hours")]
    [InlineData("yo <@100> quick q, what's 287g?? <t:1618953630:R> https://thehill.com lol", "what's 287g??")]
    public void MixedNoiseLeavesTheQuestion(string typed, string question)
    {
        Assert.Equal(question, ChatText.Clean(typed));
        Assert.Equal(question, ChatText.Clean(question));
    }

    [Fact]
    public void TenThousandMentionsLeaveNothing()
    {
        Assert.Equal(string.Empty, ChatText.Clean(string.Concat(Enumerable.Repeat("<@1>", 10_000))));
    }

    [Fact]
    public void UnpairedSurrogatesAreDropped()
    {
        Assert.Equal("who leads LEAP?", ChatText.Clean("who \uD83D leads\uDE00 LEAP?\uD800"));
    }

    public static TheoryData<string, string> Adversarial => new()
    {
        { "mention openers", string.Concat(Enumerable.Repeat("<@", 2_000)) },
        { "unclosed slash commands", string.Concat(Enumerable.Repeat("</a b c:", 500)) },
        { "emphasis between letters", string.Concat(Enumerable.Repeat("a*_", 1_334)) },
        { "one marker run", "a" + new string('*', 3_998) + "b" },
        { "masked link openers", string.Concat(Enumerable.Repeat("[a](", 1_000)) },
        { "link of closing marks", "https://" + new string('.', 3_992) },
        { "links without spaces", string.Concat(Enumerable.Repeat("http://.", 500)) },
        { "quote markers", string.Concat(Enumerable.Repeat("> ", 2_000)) },
        { "spaces before marks", string.Concat(Enumerable.Repeat(" ?", 2_000)) + "x" },
        { "fillers", string.Concat(Enumerable.Repeat("lol ", 1_000)) },
        { "tags", string.Concat(Enumerable.Repeat("x, right? ", 400)) },
        { "emoji sequence", string.Concat(Enumerable.Repeat("👨\u200D", 1_334)) },
        { "backslashes", new string('\\', 4_000) },
    };

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void AdversarialInputIsCleanedInLinearTime(string kind, string input)
    {
        Assert.InRange(input.Length, 3_990, 4_010);
        Assert.InRange(ChatText.Clean(input).Length, 0, input.Length);
        // Ten times the input: a quadratic step would take about a hundred times as long, seconds where this takes
        // milliseconds. The fastest of three runs, so that a busy machine does not decide.
        var large = string.Concat(Enumerable.Repeat(input + " ", 10));
        var fastest = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var timer = Stopwatch.StartNew();
            ChatText.Clean(large);
            fastest = TimeSpan.FromTicks(Math.Min(fastest.Ticks, timer.Elapsed.Ticks));
        }

        Assert.True(fastest < TimeSpan.FromSeconds(1), $"{kind}: {fastest.TotalMilliseconds:0} ms for {large.Length} characters");
    }
}
