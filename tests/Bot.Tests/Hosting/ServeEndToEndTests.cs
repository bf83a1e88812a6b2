using Bot.Commands;
using Bot.Formatting;
using Bot.Tests.Fakes;

namespace Bot.Tests.Hosting;

/// <summary>
/// The bot as members meet it: the real <c>serve</c> host against a fake Discord on 127.0.0.1, driven by
/// INTERACTION_CREATE and MESSAGE_CREATE, checking what it posts back.
/// </summary>
public sealed class ServeEndToEndTests
{
    private const string SeedUrl = "https://thehill.com/policy/national-security/543496-law-enforcement-coalition-aclu-urge-biden-administration-to-end-ices/";

    [Fact]
    public async Task StartupRegistersEveryCommandWithOneBulkOverwrite()
    {
        await using var bot = await RunningBot.StartAsync();

        var puts = bot.Discord.Rest.Requests.Where(r => r.Method == "PUT").ToList();
        var put = Assert.Single(puts);
        Assert.Equal($"/applications/{FakeDiscord.ApplicationId}/commands", put.Path);
        var names = put.Body!.Value.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToHashSet();
        Assert.Equal(["ask", "search", "sources", "cite", "Find sources", "reindex", "add-source", "remove-source"], names);
        foreach (var admin in new[] { "reindex", "add-source", "remove-source" })
        {
            var command = put.Body.Value.EnumerateArray().Single(c => c.GetProperty("name").GetString() == admin);
            Assert.Equal(32, command.GetProperty("default_member_permissions").GetInt64());
        }

        var addSource = put.Body.Value.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "add-source");
        Assert.Equal(
            [("file", 11), ("link", 3), ("title", 3), ("author", 3), ("date", 3)],
            addSource.GetProperty("options").EnumerateArray().Select(o => (o.GetProperty("name").GetString(), o.GetProperty("type").GetInt32())));
        var findSources = put.Body.Value.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Find sources");
        Assert.Equal(3, findSources.GetProperty("type").GetInt32());
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task AskDefersThenQuotesTheRightPassageWithItsCitation()
    {
        await using var bot = await RunningBot.StartAsync(semantic: true);

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "How long do ICE detainers hold people?")));

        var callback = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        Assert.Equal(5, callback.Body!.Value.GetProperty("type").GetInt32());
        AssertPingsNobody(callback);
        var edit = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        var content = RunningBot.Content(edit);
        Assert.Contains("additional 48 hours", RunningBot.Plain(content), StringComparison.Ordinal);
        Assert.Contains("**detainers**", content, StringComparison.Ordinal);
        Assert.Contains($"(<{SeedUrl}>)", content, StringComparison.Ordinal);
        Assert.Contains("The Hill", content, StringComparison.Ordinal);
        Assert.Contains("paragraph 7", content, StringComparison.Ordinal);
        Assert.InRange(content.Length, 1, 2000);
        AssertPingsNobody(edit);
        var buttons = edit.Body!.Value.GetProperty("components")[0].GetProperty("components");
        Assert.Matches("^cite:[0-9A-F]{16}:000_d735ff75ace50038.txt#", buttons[0].GetProperty("custom_id").GetString());
        Assert.Equal(InteractionRouter.CardsLabel, buttons[buttons.GetArrayLength() - 1].GetProperty("label").GetString());
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task PrivateAskIsDeferredEphemerally()
    {
        await using var bot = await RunningBot.StartAsync();

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "Who is the executive director of LEAP?"), ("private", true)));

        var callback = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        Assert.Equal(64, callback.Body!.Value.GetProperty("data").GetProperty("flags").GetInt32());
        var edit = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        Assert.Contains("Diane Goldstein", RunningBot.Plain(RunningBot.Content(edit)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionNothingBearsOnIsDeclinedAndTheReplyNamesWhatTheCorpusCovers()
    {
        await using var bot = await RunningBot.StartAsync(semantic: true);

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "What is the recipe for banana bread?")));

        var content = RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute));
        Assert.Contains("Nothing in the sources I have bears on that", content, StringComparison.Ordinal);
        Assert.Contains("Law enforcement, ACLU urge Biden", content, StringComparison.Ordinal);
        Assert.DoesNotContain("\n> ", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionTheSourcesDiscussButDoNotAnswerGetsTheClosestPassagesLabelledAsSuch()
    {
        await using var bot = await RunningBot.StartAsync(semantic: true);

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "Did Trump expand the 287(g) program?")));

        var content = RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute));
        Assert.Contains(DiscordAnswerFormatter.RelatedNote, content, StringComparison.Ordinal);
        Assert.True(content.IndexOf(DiscordAnswerFormatter.RelatedNote, StringComparison.Ordinal) < content.IndexOf("\n> ", StringComparison.Ordinal));
        Assert.Contains("287(g)", RunningBot.Plain(content), StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing in the sources I have bears on that", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchPagesThroughResultsWithPreviousAndNextButtons()
    {
        await using var bot = await RunningBot.StartAsync();

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("search", ("query", "immigration police community")));
        var first = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        Assert.Contains("passages 1–5 of", RunningBot.Content(first), StringComparison.Ordinal);
        var buttons = first.Body!.Value.GetProperty("components")[0].GetProperty("components");
        Assert.True(buttons[0].GetProperty("disabled").GetBoolean());
        var next = buttons[1].GetProperty("custom_id").GetString()!;

        var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick(next));
        Assert.Equal(6, (await bot.RequestForAsync(click, RunningBot.CallbackRoute)).Body!.Value.GetProperty("type").GetInt32());
        var second = await bot.RequestForAsync(click, RunningBot.EditOriginalRoute);
        Assert.Contains("passages 6–", RunningBot.Content(second), StringComparison.Ordinal);
        Assert.Contains("**6.**", RunningBot.Content(second), StringComparison.Ordinal);
        var previous = second.Body!.Value.GetProperty("components")[0].GetProperty("components")[0];
        Assert.False(previous.TryGetProperty("disabled", out var disabled) && disabled.GetBoolean());
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task SourcesListsTheDocumentsWithTheirPassageCounts()
    {
        await using var bot = await RunningBot.StartAsync();

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("sources"));

        var callback = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        Assert.Equal(4, callback.Body!.Value.GetProperty("type").GetInt32());
        var content = RunningBot.Content(callback);
        Assert.Contains("Law enforcement, ACLU urge Biden to end ICE partnership programs", content, StringComparison.Ordinal);
        Assert.Contains("14 passages", content, StringComparison.Ordinal);
        AssertPingsNobody(callback);
    }

    [Fact]
    public async Task CiteAutocompleteOffersPassagesAndCiteGivesAPasteReadyCitation()
    {
        await using var bot = await RunningBot.StartAsync();

        var auto = await bot.SendInteractionAsync(FakePayloads.Autocomplete("cite", "passage", ("passage", "crimes go unso")));
        var suggestions = await bot.RequestForAsync(auto, RunningBot.CallbackRoute);
        Assert.Equal(8, suggestions.Body!.Value.GetProperty("type").GetInt32());
        var choices = suggestions.Body.Value.GetProperty("data").GetProperty("choices");
        Assert.InRange(choices.GetArrayLength(), 1, 25);
        Assert.Contains("Crimes go unsolved", choices[0].GetProperty("name").GetString(), StringComparison.Ordinal);
        var id = choices[0].GetProperty("value").GetString()!;

        var cite = await bot.SendInteractionAsync(FakePayloads.SlashCommand("cite", ("passage", id)));
        var citation = RunningBot.Content(await bot.RequestForAsync(cite, RunningBot.CallbackRoute));
        // A card by default, its tag suggested (no question was asked), the passage verbatim.
        Assert.StartsWith("**Debate card**, ready to paste", citation, StringComparison.Ordinal);
        Assert.Contains("```\nSuggested tag: “Crimes go unsolved and innocent people get hurt,” she added.\n**The Hill 21** [3-2021;", citation, StringComparison.Ordinal);
        Assert.Contains("; The Hill; " + SeedUrl + "; ¶ 11]\n“Crimes go unsolved and innocent people get hurt,”", citation, StringComparison.Ordinal);
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task FindSourcesLooksUpTheClaimInTheTargetMessage()
    {
        await using var bot = await RunningBot.StartAsync(semantic: true);

        var token = await bot.SendInteractionAsync(FakePayloads.MessageCommand("Find sources", "deputies get sued for holding people without a judicial warrant"));

        var edit = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        var content = RunningBot.Content(edit);
        Assert.StartsWith("**Sources on:**", content, StringComparison.Ordinal);
        Assert.Contains("signed judicial warrant", RunningBot.Plain(content), StringComparison.Ordinal);
        AssertPingsNobody(edit);
    }

    [Fact]
    public async Task MentionIsAnsweredAsAReplyThatPingsNobody()
    {
        await using var bot = await RunningBot.StartAsync(semantic: true);
        var message = FakePayloads.MessageCreate($"<@{FakeDiscord.BotUserId}> who said crimes go unsolved?", mentionBot: true);

        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", message);

        var reply = await bot.Discord.Rest.WaitForRequestAsync(r => r.Route == RunningBot.CreateMessageRoute);
        var body = reply.Body!.Value;
        Assert.Equal(message["id"]!.GetValue<string>(), body.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Contains("Crimes go unsolved and innocent people get hurt", RunningBot.Plain(RunningBot.Content(reply)), StringComparison.Ordinal);
        Assert.False(body.GetProperty("allowed_mentions").GetProperty("replied_user").GetBoolean());
        AssertPingsNobody(reply);
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task DirectMessageIsAnsweredWithoutAMention()
    {
        await using var bot = await RunningBot.StartAsync();
        var dm = FakePayloads.MessageCreate("How many law enforcement professionals joined the ACLU?", guildId: null);

        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", dm);

        var reply = await bot.Discord.Rest.WaitForRequestAsync(r => r.Route == RunningBot.CreateMessageRoute);
        Assert.Contains("more than 100 law enforcement professionals", RunningBot.Plain(RunningBot.Content(reply)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagesFromBotsAndFromItselfGetNoReply()
    {
        await using var bot = await RunningBot.StartAsync();
        var question = $"<@{FakeDiscord.BotUserId}> who said crimes go unsolved?";

        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate(question, mentionBot: true, author: FakePayloads.User("500000000000000001", "other-bot", bot: true)));
        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate(question, mentionBot: true, author: FakePayloads.BotUser()));
        var human = FakePayloads.MessageCreate(question, mentionBot: true);
        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", human);

        // Events are handled in order, so once the human's reply is out, the two bot messages were already passed over.
        var reply = await bot.Discord.Rest.WaitForRequestAsync(r => r.Route == RunningBot.CreateMessageRoute);
        Assert.Equal(human["id"]!.GetValue<string>(), reply.Body!.Value.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Single(bot.Discord.Rest.Requests, r => r.Route == RunningBot.CreateMessageRoute);
    }

    [Fact]
    public async Task QuestionWithEveryoneAndRoleAndUserMentionsPingsNoOne()
    {
        await using var bot = await RunningBot.StartAsync();
        var question = "@everyone @here <@&300000000000000009> <@400000000000000002> what did the ACLU say?";

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", question)));
        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate($"<@{FakeDiscord.BotUserId}> {question}", mentionBot: true));

        var edit = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        var reply = await bot.Discord.Rest.WaitForRequestAsync(r => r.Route == RunningBot.CreateMessageRoute);
        foreach (var request in new[] { edit, reply })
        {
            AssertPingsNobody(request);
            var content = RunningBot.Content(request);
            Assert.DoesNotContain("@everyone", content, StringComparison.Ordinal);
            Assert.DoesNotContain("@here", content, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?<!\\)<@", content);
        }
    }

    [Fact]
    public async Task AskAndMentionFullOfPingBaitAreAnsweredWithThePassageThatAnswers()
    {
        await using var bot = await RunningBot.StartAsync(semantic: true);
        const string Bait = "@everyone <@&123456789012345678> <@222222222222222222> Who is the executive director of LEAP?";

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", Bait)));
        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate($"<@{FakeDiscord.BotUserId}> hey bot, {Bait} 🙏", mentionBot: true));

        var edit = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        var reply = await bot.Discord.Rest.WaitForRequestAsync(r => r.Route == RunningBot.CreateMessageRoute);
        foreach (var request in new[] { edit, reply })
        {
            var content = RunningBot.Content(request);
            Assert.StartsWith("**Q:** Who is the executive director of LEAP?\n", content, StringComparison.Ordinal);
            Assert.Contains("Diane Goldstein, executive director for LEAP", RunningBot.Plain(content), StringComparison.Ordinal);
            AssertPingsNobody(request);
        }
    }

    [Fact]
    public async Task FindSourcesOnAClaimWithATagQuestionQuotesThePassage()
    {
        await using var bot = await RunningBot.StartAsync(semantic: true);

        var token = await bot.SendInteractionAsync(FakePayloads.MessageCommand("Find sources", "Detainers hold people 48 extra hours without a warrant, right? <:thinking:123456789012345678>"));

        var content = RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute));
        Assert.StartsWith("**Sources on:** Detainers hold people 48 extra hours without a warrant\n", content, StringComparison.Ordinal);
        Assert.Contains("additional 48 hours", RunningBot.Plain(content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskWithNothingButChatGetsHelpToTheAskerAlone()
    {
        await using var bot = await RunningBot.StartAsync();

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "<@222222222222222222> hi 👋")));

        var callback = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        Assert.Equal(4, callback.Body!.Value.GetProperty("type").GetInt32());
        Assert.Equal(64, RunningBot.Data(callback).GetProperty("flags").GetInt32());
        Assert.Contains("Ask me about the sources", RunningBot.Content(callback), StringComparison.Ordinal);
        AssertPingsNobody(callback);
    }

    [Fact]
    public async Task AHandlerThatFailsGetsAnEphemeralApologyAndTheNextInteractionIsAnswered()
    {
        await using var bot = await RunningBot.StartAsync();
        // Discord refuses the acknowledgement once with an error a retry would not change: the handler throws before
        // anything was acknowledged.
        bot.Discord.Rest.Enqueue(RunningBot.CallbackRoute, FakeResponse.Error(400, 50035, "Invalid Form Body"));

        var failed = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "What is the 287(g) program?")));
        var apology = await bot.RequestForAsync(failed, RunningBot.CallbackRoute, nth: 2);
        Assert.Equal(4, apology.Body!.Value.GetProperty("type").GetInt32());
        Assert.Equal(64, RunningBot.Data(apology).GetProperty("flags").GetInt32());
        Assert.Contains("Sorry", RunningBot.Content(apology), StringComparison.Ordinal);

        var next = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "What is the 287(g) program?")));
        var answer = await bot.RequestForAsync(next, RunningBot.EditOriginalRoute);
        Assert.Contains("287(g)", RunningBot.Plain(RunningBot.Content(answer)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CooldownTellsTheAskerAloneToWait()
    {
        await using var bot = await RunningBot.StartAsync(cooldownSeconds: 60);

        var first = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "What is the 287(g) program?")));
        await bot.RequestForAsync(first, RunningBot.EditOriginalRoute);
        var second = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "Who is Diane Goldstein?")));

        var refusal = await bot.RequestForAsync(second, RunningBot.CallbackRoute);
        Assert.Equal(4, refusal.Body!.Value.GetProperty("type").GetInt32());
        Assert.Equal(64, RunningBot.Data(refusal).GetProperty("flags").GetInt32());
        Assert.Contains("try again in", RunningBot.Content(refusal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongPassagesAreCutAtASentenceAndEveryMessageStaysWithinDiscordsLimits()
    {
        var seeds = Directory.CreateTempSubdirectory("bot-long-seeds-");
        try
        {
            var sentence = "The sheriff said detainers without a judicial warrant expose deputies to lawsuits over <@&1> @everyone claims. ";
            var paragraphs = Enumerable.Range(1, 4).Select(i => string.Concat(Enumerable.Repeat(sentence, 30 + i)).Trim());
            await File.WriteAllTextAsync(
                Path.Combine(seeds.FullName, "long.md"),
                "---\ntitle: A very long statement\npublisher: County Sheriffs\nurl: https://example.org/long\n---\n\n" + string.Join("\n\n", paragraphs) + "\n");
            await using var bot = await RunningBot.StartAsync(seedsDir: seeds.FullName);

            var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "Why do detainers expose deputies to lawsuits?")));
            var search = await bot.SendInteractionAsync(FakePayloads.SlashCommand("search", ("query", "sheriff lawsuits")));

            foreach (var request in new[] { await bot.RequestForAsync(token, RunningBot.EditOriginalRoute), await bot.RequestForAsync(search, RunningBot.EditOriginalRoute) })
            {
                var content = RunningBot.Content(request);
                Assert.InRange(content.Length, 1, 2000);
                Assert.Contains("claims. …", content, StringComparison.Ordinal);
                Assert.Contains("excerpt", content, StringComparison.Ordinal);
                Assert.DoesNotContain("@everyone", content, StringComparison.Ordinal);
                AssertPingsNobody(request);
            }

            DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
        }
        finally
        {
            seeds.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CiteButtonFindsAPartOfACutParagraphByItsId()
    {
        var seeds = Directory.CreateTempSubdirectory("bot-part-seeds-");
        try
        {
            var sentences = Enumerable.Range(1, 40).Select(i => $"Statement {i} says county jails held people for {i} more days without a warrant.");
            await File.WriteAllTextAsync(Path.Combine(seeds.FullName, "long.md"), "---\ntitle: Jail holds\n---\n\n" + string.Join(' ', sentences) + "\n");
            await using var bot = await RunningBot.StartAsync(seedsDir: seeds.FullName);

            // A Cite button as posted before styles existed: the passage id alone.
            var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick("cite:long.md#1.2"));
            var picker = await bot.RequestForAsync(click, RunningBot.CallbackRoute);
            Assert.Contains("paragraph 1, part 2 of *Jail holds*", RunningBot.Content(picker), StringComparison.Ordinal);
            var card = RunningBot.Data(picker).GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!;

            var chosen = await bot.SendInteractionAsync(FakePayloads.ButtonClick(card));

            var content = RunningBot.Content(await bot.RequestForAsync(chosen, RunningBot.CallbackRoute));
            Assert.Contains("¶ 1, part 2]", content, StringComparison.Ordinal);
            Assert.Contains("more days without a warrant.", content, StringComparison.Ordinal);
            Assert.DoesNotContain("Statement 1 says", content, StringComparison.Ordinal);
        }
        finally
        {
            seeds.Delete(recursive: true);
        }
    }

    internal static void AssertPingsNobody(RecordedRequest request)
    {
        var mentions = RunningBot.Data(request).GetProperty("allowed_mentions");
        Assert.Equal(0, mentions.GetProperty("parse").GetArrayLength());
        Assert.False(mentions.TryGetProperty("users", out var users) && users.GetArrayLength() > 0);
        Assert.False(mentions.TryGetProperty("roles", out var roles) && roles.GetArrayLength() > 0);
    }
}
