using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bot.Discord.Rest;
using Bot.Hosting;
using Bot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Hosting;

/// <summary>
/// The <c>serve</c> host against the fake Discord when Discord misbehaves the ways a long-running bot meets: a slow
/// command overwrite, a 5xx on an answer, a channel that refuses every send, an expired interaction token, work that
/// outlives the token, and a flood of guild chatter around the questions. Figures go to the test output
/// (docs/robustness.md quotes them).
/// </summary>
public sealed class DiscordFaultTests(ITestOutputHelper output)
{
    private const string AskQuestion = "How long do ICE detainers hold people?";

    /// <summary>Discord's limit for the first response to an interaction [RR].</summary>
    private static readonly TimeSpan InteractionDeadline = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task AnAskIsAcknowledgedWithinThreeSecondsWhileTheCommandOverwriteHangs()
    {
        var putArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releasePut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(
            extraArgs: ["--Search:WatchSeeds=false"],
            logs: logs,
            waitForRegistration: false,
            prepare: discord => discord.Rest.SetDefault("PUT /applications/{application_id}/commands", r =>
            {
                putArrived.TrySetResult();
                return FakeResponse.Ok(System.Text.Json.Nodes.JsonNode.Parse(r.Body!.Value.GetRawText())) with { HoldUntil = releasePut.Task };
            }));
        await putArrived.Task.WaitAsync(FakeTimeouts.Guard);

        // Discord has not answered the overwrite; the event loop reads on and the /ask is deferred at once.
        var clock = Stopwatch.StartNew();
        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", AskQuestion)));
        var callback = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        var acknowledged = clock.Elapsed;
        var answer = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/ask deferred {acknowledged.TotalMilliseconds:0} ms after INTERACTION_CREATE, with the overwrite still unanswered"));

        Assert.True(acknowledged < InteractionDeadline, $"deferred after {acknowledged.TotalMilliseconds:0} ms");
        Assert.Equal(5, callback.Body!.Value.GetProperty("type").GetInt32());
        Assert.Contains("additional 48 hours", RunningBot.Plain(RunningBot.Content(answer)), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("Registered", StringComparison.Ordinal));

        releasePut.SetResult();
        await logs.WaitForAsync(m => m.Contains("Registered 8 commands globally", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A502OnTheAnswersEditIsRetriedAndTheAnswerArrivesNotTheApology()
    {
        var time = new ObservableTimeProvider();
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false"], logs: logs, time: time, heartbeatIntervalMs: DayMs);
        bot.Discord.Rest.Enqueue(RunningBot.EditOriginalRoute, FakeResponse.Error(502, 0, "502: Bad Gateway"));
        var retry = time.WaitForDelayAsync(d => d >= TimeSpan.FromMilliseconds(250) && d < TimeSpan.FromMilliseconds(500));

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", AskQuestion)));
        time.Advance(await retry);
        var answer = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute, nth: 2);
        await logs.WaitForAsync(m => m.Contains("/ask: answered in", StringComparison.Ordinal));

        Assert.Contains("additional 48 hours", RunningBot.Plain(RunningBot.Content(answer)), StringComparison.Ordinal);
        var sent = bot.Discord.Rest.Requests.Where(r => r.Path.Contains(token, StringComparison.Ordinal)).ToList();
        Assert.Equal([RunningBot.CallbackRoute, RunningBot.EditOriginalRoute, RunningBot.EditOriginalRoute], sent.Select(r => r.Route));
        Assert.DoesNotContain(sent, r => RunningBot.Content(r).Contains("Sorry", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("HTTP 502): retrying in", StringComparison.Ordinal));
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task AChannelThatRefusesEverySendCostsAHandfulOfRequestsAndAHealthyChannelIsStillAnswered()
    {
        const string Refusing = "300000000000000666";
        const int Members = 12;
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(
            extraArgs: ["--Search:WatchSeeds=false"],
            logs: logs,
            prepare: discord => discord.Rest.SetDefault(RunningBot.CreateMessageRoute, r => r.Path.Contains(Refusing, StringComparison.Ordinal)
                ? FakeResponse.Error(403, 50013, "Missing Permissions")
                : FakeResponse.Ok(FakePayloads.MessageCreate("reply", author: FakePayloads.BotUser(), channelId: r.Path.Split('/')[2], guildId: null))));
        var question = $"<@{FakeDiscord.BotUserId}> who said crimes go unsolved?";

        // Twelve members mention the bot in a channel where it may read but not send; then one in a healthy channel.
        for (var i = 0; i < Members; i++)
        {
            var author = FakePayloads.User("5000000000000002" + i.ToString("00", CultureInfo.InvariantCulture), "member" + i);
            await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate(question, mentionBot: true, author: author, channelId: Refusing));
        }

        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate(question, mentionBot: true, author: FakePayloads.User("500000000000000299", "carol")));

        var healthy = await bot.Discord.Rest.WaitForRequestAsync(r => r.Route == RunningBot.CreateMessageRoute && r.Path.Contains(FakePayloads.ChannelId, StringComparison.Ordinal));
        await logs.WaitForAsync(m => m.Contains(": not-sent in", StringComparison.Ordinal), count: Members);
        var toRefusing = bot.Discord.Rest.Requests.Count(r => r.Path.Contains(Refusing, StringComparison.Ordinal));
        var invalid = bot.Host.Services.GetRequiredService<DiscordRestClient>().InvalidRequestCount;
        output.WriteLine($"{Members} mentions in a channel answering 403: {toRefusing} request(s) to it, {invalid} invalid request(s) counted; the healthy channel answered");

        Assert.Contains("Crimes go unsolved and innocent people get hurt", RunningBot.Plain(RunningBot.Content(healthy)), StringComparison.Ordinal);
        Assert.InRange(toRefusing, 1, 3);
        Assert.Equal(toRefusing, invalid);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("apologising", StringComparison.Ordinal));
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task A50027OnOneInteractionIsLoggedAsExpiredNothingRetriesItAndTheBotKeepsServing()
    {
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false"], logs: logs);
        bot.Discord.Rest.Enqueue(RunningBot.EditOriginalRoute, FakeResponse.Error(401, 50027, "Invalid Webhook Token"));

        var expired = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", AskQuestion)));
        await logs.WaitForAsync(m => m.Contains(": expired in", StringComparison.Ordinal));
        var next = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", AskQuestion)));
        var answer = await bot.RequestForAsync(next, RunningBot.EditOriginalRoute);

        Assert.Contains("additional 48 hours", RunningBot.Plain(RunningBot.Content(answer)), StringComparison.Ordinal);
        var sent = bot.Discord.Rest.Requests.Where(r => r.Path.Contains(expired, StringComparison.Ordinal)).Select(r => r.Route).ToList();
        Assert.Equal([RunningBot.CallbackRoute, RunningBot.EditOriginalRoute], sent);
        Assert.Contains(logs.Messages, m => m.Contains("the interaction has expired", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("bot token", StringComparison.OrdinalIgnoreCase) && !m.Contains("the bot token is fine", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.StartsWith("Error", StringComparison.Ordinal) || m.StartsWith("Critical", StringComparison.Ordinal));
        Assert.Equal(0, bot.Host.Services.GetRequiredService<ServeOutcome>().ExitCode);
    }

    [Fact]
    public async Task AnAnswerReadyAfterTheTokensFifteenMinutesIsNotSentWithTheDeadToken()
    {
        var time = new ObservableTimeProvider();
        var logs = new RecordingLoggerProvider();
        var deferralArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bot = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false"], logs: logs, time: time, heartbeatIntervalMs: DayMs);

        // Discord takes the deferral only once the interaction's 15 minutes are over (in virtual time).
        bot.Discord.Rest.SetDefault(RunningBot.CallbackRoute, _ =>
        {
            deferralArrived.TrySetResult();
            return FakeResponse.NoContent() with { HoldUntil = release.Task };
        });
        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", AskQuestion)));
        await deferralArrived.Task.WaitAsync(FakeTimeouts.Guard);
        time.Advance(TimeSpan.FromMinutes(15));
        release.SetResult();
        await logs.WaitForAsync(m => m.Contains(": expired in", StringComparison.Ordinal));

        Assert.DoesNotContain(bot.Discord.Rest.Requests, r => r.Route == RunningBot.EditOriginalRoute);
        Assert.Contains(logs.Messages, m => m.Contains("past its token's 15 min", StringComparison.Ordinal));
        Assert.Single(bot.Discord.Rest.Requests, r => r.Path.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThirtyAsksAmongThreeThousandGuildMessagesAreEachAcknowledgedWithinThreeSeconds()
    {
        const int Asks = 30;
        const int MessagesPerAsk = 100;
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false"], logs: logs);
        var clock = Stopwatch.StartNew();
        var acknowledgedAt = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        bot.Discord.Rest.SetDefault(RunningBot.CallbackRoute, r =>
        {
            acknowledgedAt.TryAdd(r.Path.Split('/')[3], clock.Elapsed);
            return FakeResponse.NoContent();
        });

        var sentAt = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        for (var i = 0; i < Asks; i++)
        {
            for (var m = 0; m < MessagesPerAsk; m++)
            {
                var author = FakePayloads.User("6000000000000" + ((i * MessagesPerAsk) + m).ToString("00000", CultureInfo.InvariantCulture), "chatter");
                await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("ordinary guild chatter, not for the bot", author: author));
            }

            var interaction = FakePayloads.SlashCommand("ask", ("question", AskQuestion));
            interaction["member"]!["user"] = FakePayloads.User("7000000000000000" + i.ToString("00", CultureInfo.InvariantCulture), "asker" + i);
            sentAt[interaction["token"]!.GetValue<string>()] = clock.Elapsed;
            await bot.SendInteractionAsync(interaction);
        }

        await logs.WaitForAsync(m => m.Contains("/ask: answered in", StringComparison.Ordinal), count: Asks);
        var latencies = sentAt.Select(s => acknowledgedAt[s.Key] - s.Value).Order().ToList();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Asks} /ask among {Asks * MessagesPerAsk} guild messages, sent in {sentAt.Values.Max().TotalSeconds:0.00} s: deferral latency median {latencies[Asks / 2].TotalMilliseconds:0} ms, max {latencies[^1].TotalMilliseconds:0} ms"));

        Assert.Equal(Asks, acknowledgedAt.Count);
        Assert.All(latencies, l => Assert.True(l < InteractionDeadline, $"deferred after {l.TotalMilliseconds:0} ms"));
        Assert.Equal(Asks, bot.Discord.Rest.Requests.Count(r => r.Route == RunningBot.EditOriginalRoute));
        Assert.DoesNotContain(bot.Discord.Rest.Requests, r => r.Route == RunningBot.CreateMessageRoute);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("events behind", StringComparison.Ordinal) || m.Contains(": busy in", StringComparison.Ordinal));
    }

    /// <summary>A heartbeat interval of a day: a test that moves virtual time by minutes sees no heartbeat due.</summary>
    private const int DayMs = 86_400_000;
}
