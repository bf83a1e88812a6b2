using System.Text;
using System.Text.RegularExpressions;
using Bot.Commands;
using Bot.Discord.Rest;
using Bot.Formatting;
using Bot.Search.Citations;
using Bot.Search.Ingestion;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;
using Bot.Tests.Hosting;
using CsCheck;
using Xunit.Abstractions;

namespace Bot.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing (CsCheck) of everything that takes text from outside: questions and queries, documents
/// in the seeds folder, and the replies built from both. No exception escapes, no reply breaks Discord's limits or
/// pings anyone. <c>BOT_SOAK=long</c> runs ten times the cases.
/// </summary>
public sealed partial class HostileInputFuzzTests(SeedIndexFixture index, ITestOutputHelper output) : IClassFixture<SeedIndexFixture>
{
    private static readonly int Scale = string.Equals(Environment.GetEnvironmentVariable("BOT_SOAK"), "long", StringComparison.OrdinalIgnoreCase) ? 10 : 1;

    private static readonly string[] Hostile =
    [
        "@everyone", "@here", "<@123456789012345678>", "<@!123456789012345678>", "<@&223456789012345678>", "<#323456789012345678>",
        "**", "__", "~~", "||", "`", "```", "> ", ">>> ", "# ", "- ", "1. ", "[link](https://evil.example)", "\\", "\n", "\r\n", "\t",
        "AND", "OR", "NOT", "(", ")", "\"", "*", "?", "~2", "^3", "title:", "[1 TO 9]", "/.*/", "+", "-", "&&", "||", "!",
        "😀", "👍🏽", "\uD83D", "\uDE00", "\u200B", "\u202E", "\0", "\u0007", "\uFEFF", "ICE", "detainers", "287(g)", "LEAP", "crimes",
    ];

    private static readonly Gen<string> HostilePiece = Gen.Int[0, Hostile.Length - 1].Select(i => Hostile[i]);

    /// <summary>Strings from every corner: any UTF-16 unit (lone surrogates included), syntax and mention pieces, huge lines.</summary>
    private static readonly Gen<string> HostileText = Gen.Frequency(
        (3, Gen.Char.Array[0, 300].Select(chars => new string(chars))),
        (4, HostilePiece.Array[0, 60].Select(parts => string.Join(' ', parts))),
        (3, HostilePiece.Array[0, 80].Select(string.Concat)),
        (1, Gen.Int[2_000, 120_000].Select(n => string.Concat(Enumerable.Repeat("ICE detainers @everyone ", (n / 24) + 1))[..n])),
        (1, Gen.Int[2_000, 60_000].Select(n => new string('(', n))));

    [Fact]
    public void QuestionsAndQueriesNeverThrowAndTheirRepliesKeepDiscordsLimitsAndPingNobody()
    {
        var cases = 0;
        HostileText.Sample(
            text =>
            {
                Interlocked.Increment(ref cases);
                var answer = index.Engine.Ask(text);
                AssertSafe(DiscordAnswerFormatter.FormatAnswer(answer));
                AssertSafe(DiscordAnswerFormatter.FormatAnswer(answer, header: "**Sources on:** "));
                var page = index.Engine.Search(text, 0, 5);
                AssertSafe(DiscordAnswerFormatter.FormatSearchPage(page));
                var suggestions = index.Engine.Suggest(text, DiscordLimits.Choices);
                Assert.InRange(suggestions.Count, 0, DiscordLimits.Choices);
                Assert.All(suggestions, s => Assert.InRange(DiscordAnswerFormatter.FormatSuggestion(s).Length, 1, DiscordLimits.ChoiceLength));
            },
            iter: 400 * Scale,
            threads: 1);
        output.WriteLine($"query path: {cases} cases, 0 failures");
    }

    [Fact]
    public void CleanedChatTextHasNoMarkupNoStraySpaceAndNothingLeftToClean()
    {
        var cases = 0;
        HostileText.Sample(
            text =>
            {
                Interlocked.Increment(ref cases);
                var cleaned = ChatText.Clean(text);
                Assert.InRange(cleaned.Length, 0, text.Length);
                Assert.Equal(cleaned.Trim(), cleaned);
                Assert.DoesNotContain("  ", cleaned, StringComparison.Ordinal);
                Assert.False(Markup().IsMatch(cleaned), $"markup left in \"{cleaned}\"");
                Assert.DoesNotContain(cleaned.EnumerateRunes(), r => r == Rune.ReplacementChar);
                Assert.Equal(cleaned, ChatText.Clean(cleaned));
            },
            iter: 2000 * Scale,
            threads: 1);
        output.WriteLine($"chat text: {cases} cases, 0 failures");
    }

    [Fact]
    public void AnyBytesInADocumentFileAreReadOrSkippedWithAReasonNeverThrown()
    {
        using var corpus = new TempCorpus(withSeedArticle: false);
        var reader = new SeedReader();
        var encodings = new Encoding[] { new UTF8Encoding(true), Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.Latin1, new UTF32Encoding(false, true) };
        var bytes = Gen.Frequency(
            (3, Gen.Byte.Array[0, 4000]),
            (3, HostileText.Select(t => Encoding.UTF8.GetBytes("---\ntitle: " + t[..Math.Min(t.Length, 200)] + "\n---\n" + t))),
            (2, Gen.Select(HostileText, Gen.Int[0, encodings.Length - 1], (t, e) => encodings[e].GetPreamble().Concat(encodings[e].GetBytes(t)).ToArray())),
            (1, Gen.Int[100_000, 400_000].Select(n => Encoding.UTF8.GetBytes(new string('x', n)))));
        var extensions = new[] { ".txt", ".md", ".html" };
        var cases = 0;
        Gen.Select(bytes, Gen.Int[0, extensions.Length - 1]).Sample(
            sample =>
            {
                var n = Interlocked.Increment(ref cases);
                var path = corpus.AddSeedBytes($"fuzz{n}{extensions[sample.Item2]}", sample.Item1);
                var result = reader.ReadFile(corpus.SeedsDir, path);
                Assert.True(result.Document is not null ^ result.Skipped is not null);
                if (result.Skipped is { } skipped)
                {
                    Assert.False(string.IsNullOrWhiteSpace(skipped.Reason));
                }

                File.Delete(path);
            },
            iter: 300 * Scale,
            threads: 1);
        output.WriteLine($"document reading: {cases} cases, 0 failures");
    }

    [Fact]
    public void DamagedPdfsAndWordFilesAreReadOrRefusedWithAReasonNeverThrown()
    {
        using var corpus = new TempCorpus(withSeedArticle: false);
        var reader = new SeedReader();
        byte[][] originals = [SourceFiles.Pdf(), SourceFiles.Docx()];
        string[] names = ["damaged.pdf", "damaged.docx"];
        var refused = 0;
        // Each case cuts a real file short or overwrites a run of its bytes: the damage a download or a hostile
        // editor leaves, reaching past the header into the parsers.
        Gen.Select(Gen.Int[0, 1], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Byte.Array[1, 64], Gen.Bool).Sample(
            sample =>
            {
                var (which, at, keep, patch, truncate) = sample;
                var bytes = (byte[])originals[which].Clone();
                var offset = (int)(at * (bytes.Length - 1));
                if (truncate)
                {
                    bytes = bytes[..Math.Max(1, (int)(keep * bytes.Length))];
                }
                else
                {
                    patch.AsSpan(0, Math.Min(patch.Length, bytes.Length - offset)).CopyTo(bytes.AsSpan(offset));
                }

                var result = reader.Read(names[which], Path.Combine(corpus.SeedsDir, names[which]), bytes, null);
                Assert.True(result.Document is not null ^ result.Skipped is not null);
                if (result.Skipped is { } skipped)
                {
                    Interlocked.Increment(ref refused);
                    Assert.False(string.IsNullOrWhiteSpace(skipped.Reason));
                }
            },
            iter: 200 * Scale,
            threads: 1);
        output.WriteLine($"damaged PDF and Word files: {200 * Scale} cases, {refused} refused with a reason, 0 thrown");
    }

    [Fact]
    public void HostileDocumentsAreIndexedAndQuotedWithoutBreakingLimitsOrPinging()
    {
        var cases = 0;
        var sentence = HostilePiece.Array[3, 40].Select(parts => "County jails hold people " + string.Join(' ', parts) + " for federal detainers.");
        sentence.Array[1, 12].Sample(
            paragraphs =>
            {
                Interlocked.Increment(ref cases);
                using var corpus = new TempCorpus(withSeedArticle: false);
                // Encoding.UTF8 writes a lone surrogate as U+FFFD, as an editor would.
                var text = "---\ntitle: " + paragraphs[0].Replace("\n", " ", StringComparison.Ordinal) + "\nurl: https://example.org/a>b\n---\n" + string.Join("\n\n", paragraphs) + "\n";
                corpus.AddSeedBytes("hostile.md", Encoding.UTF8.GetBytes(text));
                corpus.Build();
                using var engine = corpus.Open();
                var answer = engine.Ask("How long do county jails hold people for federal detainers?");
                AssertSafe(DiscordAnswerFormatter.FormatAnswer(answer));
                AssertSafe(DiscordAnswerFormatter.FormatSearchPage(engine.Search("county jails detainers", 0, 5)));
                AssertSafe(DiscordAnswerFormatter.FormatSources(engine.Sources()));
                foreach (var quote in answer.Quotes)
                {
                    foreach (var style in Enum.GetValues<CitationStyle>())
                    {
                        AssertSafe(DiscordAnswerFormatter.FormatCitation(CitationFormatter.Format(style, quote, answer.Question)));
                    }
                }
            },
            iter: 40 * Scale,
            threads: 1);
        output.WriteLine($"hostile documents: {cases} cases, 0 failures");
    }

    [Fact]
    public async Task EverySendOfTheHostCarriesAllowedMentionsThatPingNobody()
    {
        var questions = HostileText.Select(t => t.Length > 500 ? t[..500] : t).Array[60 * Scale].Single();
        // Room for every question twice (as /ask and as a mention), so none is told the bot is busy.
        var bound = (2 * questions.Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var bot = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false", "--Bot:MaxInFlight=" + bound]);
        var mentioned = 0;
        foreach (var batch in questions.Chunk(60))
        {
            // In batches of 60 (one batch by default), so that a long run's questions do not all wait on 2 cores at once.
            var tokens = new List<(string Token, string Route)>();
            foreach (var question in batch)
            {
                // A question that is all chat gets help at once instead of a deferred answer.
                var route = ChatText.Clean(question).Length == 0 ? RunningBot.CallbackRoute : RunningBot.EditOriginalRoute;
                tokens.Add((await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", question))), route));
                await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate($"<@{FakeDiscord.BotUserId}> {question}", mentionBot: true));
            }

            foreach (var (token, route) in tokens)
            {
                await bot.RequestForAsync(token, route);
            }

            mentioned += batch.Length;
            await bot.Discord.Rest.WaitForCountAsync(RunningBot.CreateMessageRoute, mentioned);
        }

        var sends = bot.Discord.Rest.Requests.Where(r => r.Method is "POST" or "PATCH" && r.Body is not null).ToList();
        foreach (var send in sends)
        {
            var data = RunningBot.Data(send);
            if (!data.TryGetProperty("content", out _))
            {
                continue; // a deferral
            }

            ServeEndToEndTests.AssertPingsNobody(send);
            AssertSafe(RunningBot.Content(send));
        }

        DiscordSchemas.AssertAllBodiesValid(sends);
        output.WriteLine($"host sends: {questions.Length} hostile questions as /ask and as mentions, {sends.Count} REST bodies checked, 0 failures");
    }

    /// <summary>Within Discord's 2,000 characters, valid UTF-16, and no mention syntax Discord would resolve (code blocks show it raw).</summary>
    private static void AssertSafe(string content)
    {
        Assert.InRange(content.Length, 1, DiscordAnswerFormatter.ContentLimit);
        Assert.DoesNotMatch(Ping(), CodeBlock().Replace(content, string.Empty));
        for (var i = 0; i < content.Length; i++)
        {
            if (char.IsHighSurrogate(content[i]))
            {
                Assert.True(i + 1 < content.Length && char.IsLowSurrogate(content[i + 1]), "lone high surrogate");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(content[i]), "lone low surrogate");
            }
        }
    }

    // @everyone/@here not split by a zero-width space, or an unescaped <@ / <@& / <# mention.
    [GeneratedRegex(@"@(everyone|here)|(?<!\\)<(@|#)")]
    private static partial Regex Ping();

    [GeneratedRegex(@"```[\s\S]*?```")]
    private static partial Regex CodeBlock();

    // What ChatText removes: mentions, pings, slash commands, custom emoji, timestamps, links, and line breaks.
    [GeneratedRegex(@"<(?:@[!&]?|#)\d+>|</[^<>]+:\d+>|<a?:\w+:\d+>|<t:-?\d+(?::\w)?>|@(?:everyone|here)\b|(?i:https?)://[\p{L}\p{N}]|\n")]
    private static partial Regex Markup();
}
