using System.Text.Json.Nodes;
using Bot.Discord.Gateway;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.Discord;

public sealed class GatewayClientTests
{
    [Fact]
    public async Task IdentifiesHeartbeatsAtTheGivenIntervalAndReceivesDispatchesInOrder()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var session = await context.Discord.Gateway.NextSessionAsync();
        Assert.Equal("/gateway", session.Path.TrimEnd('/'));
        Assert.Equal("?v=10&encoding=json", session.Query);

        var heartbeatArmed = context.Time.WaitForTimerAsync(d => d <= TimeSpan.FromMilliseconds(45000));
        await session.SendHelloAsync(heartbeatIntervalMs: 45000);
        var identify = await session.ReceiveAsync(op: 2);
        var d = identify.GetProperty("d");
        Assert.Equal(FakeDiscord.BotToken, d.GetProperty("token").GetString());
        Assert.Equal(4609, d.GetProperty("intents").GetInt32());
        Assert.Equal("linux", d.GetProperty("properties").GetProperty("os").GetString());
        Assert.False(d.TryGetProperty("shard", out _));
        await heartbeatArmed;

        await session.SendReadyAsync(guildIds: [FakePayloads.GuildId]);
        var ready = await context.NextEventAsync<ReadyEvent>();
        Assert.Equal("fake-session-1", ready.SessionId);
        Assert.Equal(Snowflake.Parse(FakeDiscord.BotUserId), ready.BotUserId);
        Assert.Equal(Snowflake.Parse(FakeDiscord.ApplicationId), ready.ApplicationId);
        Assert.Equal([Snowflake.Parse(FakePayloads.GuildId)], ready.GuildIds);

        // No heartbeat before time moves; the first within one interval (interval x jitter), then one per interval.
        Assert.Equal(0, session.HeartbeatCount);
        var interval = TimeSpan.FromMilliseconds(45000);
        var first = await context.BeatAsync(session, interval);
        Assert.Equal(1, first.GetProperty("d").GetInt32());
        await context.BeatAsync(session, interval);
        await context.BeatAsync(session, interval);
        Assert.Equal(3, session.HeartbeatCount);

        await session.SendDispatchAsync("GUILD_CREATE", FakePayloads.GuildCreate());
        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("<@100000000000000001> hello", mentionBot: true));
        await session.SendDispatchAsync("INTERACTION_CREATE", FakePayloads.SlashCommand("ask", ("question", "what is 287(g)?")));
        await session.SendDispatchAsync("TYPING_START", new System.Text.Json.Nodes.JsonObject { ["channel_id"] = FakePayloads.ChannelId });

        var guild = await context.NextEventAsync<GuildCreateEvent>();
        Assert.Equal("Debate Club", guild.Name);
        var message = await context.NextEventAsync<MessageCreateEvent>();
        Assert.True(message.Message.Mentioned(ready.BotUserId));
        Assert.Equal(3, message.Sequence);
        var interaction = await context.NextEventAsync<InteractionCreateEvent>();
        Assert.Equal("ask", interaction.Interaction.Data?.Name);
        Assert.Equal("what is 287(g)?", interaction.Interaction.Data?.Options?[0].StringValue);
        Assert.Equal("alice", interaction.Interaction.InvokingUser?.Username);
        var raw = await context.NextEventAsync<RawDispatchEvent>();
        Assert.Equal("TYPING_START", raw.Name);

        // The heartbeat carries the last sequence number.
        var beat = await context.BeatAsync(session, interval);
        Assert.Equal(5, beat.GetProperty("d").GetInt32());
        Assert.DoesNotContain(context.Logger.Lines, line => line.Contains(FakeDiscord.BotToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResumesOnTheResumeUrlAfterA4000CloseAndSkipsReplayedEvents()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("one", guildId: null));
        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("two", guildId: null));
        Assert.Equal("one", (await context.NextEventAsync<MessageCreateEvent>()).Message.Content);
        Assert.Equal("two", (await context.NextEventAsync<MessageCreateEvent>()).Message.Content);

        await session.CloseAsync(4000, "unknown error");
        var resumed = await context.Discord.Gateway.NextSessionAsync();
        Assert.True(resumed.IsResumeUrl, "a resume must go to resume_gateway_url");
        Assert.Equal("?v=10&encoding=json", resumed.Query);
        await resumed.SendHelloAsync();
        var resume = (await resumed.ReceiveAsync(op: 6)).GetProperty("d");
        Assert.Equal(FakeDiscord.BotToken, resume.GetProperty("token").GetString());
        Assert.Equal("fake-session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(3, resume.GetProperty("seq").GetInt32());
        Assert.DoesNotContain(resumed.Received, p => FakeGatewaySession.Op(p) == 2);

        // Discord replays from the client's seq; an event the client already has must not come out twice.
        await resumed.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("two", guildId: null), sequence: 3);
        await resumed.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("three", guildId: null), sequence: 4);
        await resumed.SendDispatchAsync("RESUMED", new System.Text.Json.Nodes.JsonObject(), sequence: 5);
        var three = await context.NextEventAsync<MessageCreateEvent>();
        Assert.Equal("three", three.Message.Content);
        Assert.Equal(4, three.Sequence);
        await context.NextEventAsync<ResumedEvent>();
        Assert.Equal(2, context.Discord.Gateway.ConnectionCount);
    }

    [Fact]
    public async Task ReconnectsAndResumesAfterOp7()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        await session.SendReconnectAsync();

        var closeCode = await session.WaitForCloseAsync();
        Assert.NotEqual(1000, closeCode);
        Assert.NotEqual(1001, closeCode);
        var resumed = await context.Discord.Gateway.NextSessionAsync();
        Assert.True(resumed.IsResumeUrl);
        await resumed.SendHelloAsync();
        var resume = (await resumed.ReceiveAsync(op: 6)).GetProperty("d");
        Assert.Equal("fake-session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(1, resume.GetProperty("seq").GetInt32());
        await resumed.SendResumedAsync();
        await context.NextEventAsync<ResumedEvent>();
    }

    [Fact]
    public async Task ClosesAZombieConnectionAndResumesWhenAHeartbeatIsNotAcknowledged()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync(heartbeatIntervalMs: 30000);
        session.AutoAckHeartbeats = false;

        context.Time.Advance(TimeSpan.FromSeconds(30));
        await session.ReceiveAsync(op: 1);
        context.Time.Advance(TimeSpan.FromSeconds(30));

        var closeCode = await session.WaitForCloseAsync();
        Assert.True(closeCode is null or (not 1000 and not 1001), $"zombie close must keep the session, got {closeCode}");
        Assert.Equal(1, session.HeartbeatCount);
        var resumed = await context.Discord.Gateway.NextSessionAsync();
        Assert.True(resumed.IsResumeUrl);
        await resumed.SendHelloAsync(30000);
        Assert.Equal("fake-session-1", (await resumed.ReceiveAsync(op: 6)).GetProperty("d").GetProperty("session_id").GetString());
        await resumed.SendResumedAsync();
        await context.NextEventAsync<ResumedEvent>();

        // The new connection starts with a clean ACK flag: one missed beat on the old one does not count here.
        await context.BeatAsync(resumed, TimeSpan.FromSeconds(30));
        await context.BeatAsync(resumed, TimeSpan.FromSeconds(30));
        Assert.Equal(2, context.Discord.Gateway.ConnectionCount);
    }

    [Fact]
    public async Task IdentifiesAgainAfterANonResumableInvalidSession()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        var waitArmed = context.Time.WaitForDelayAsync(d => d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromSeconds(5));
        await session.SendInvalidSessionAsync(resumable: false);

        var wait = await waitArmed;
        Assert.Equal(1, context.Discord.Gateway.ConnectionCount);
        context.Time.Advance(wait);

        // Then the rest of the 5 s since the first Identify [GW], before connecting.
        var spacing = IdentifyGate.Window - wait;
        if (spacing > TimeSpan.Zero)
        {
            await context.Time.WaitForDelayArmedAsync(spacing);
            context.Time.Advance(spacing);
        }

        var fresh = await context.Discord.Gateway.NextSessionAsync();
        Assert.False(fresh.IsResumeUrl, "a new session uses the /gateway/bot URL");
        await fresh.SendHelloAsync();
        var identify = await fresh.ReceiveAsync(op: 2);
        Assert.Equal(FakeDiscord.BotToken, identify.GetProperty("d").GetProperty("token").GetString());
        Assert.DoesNotContain(fresh.Received, p => FakeGatewaySession.Op(p) == 6);
        await fresh.SendReadyAsync("fake-session-2");
        Assert.Equal("fake-session-2", (await context.NextEventAsync<ReadyEvent>()).SessionId);
    }

    [Fact]
    public async Task ResumesAfterAResumableInvalidSession()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("<@100000000000000001> one", mentionBot: true));
        await context.NextEventAsync<MessageCreateEvent>();
        await session.SendInvalidSessionAsync(resumable: true);

        // The old connection is closed with a code that keeps the session; the new one resumes it, without Identify.
        var closeCode = await session.WaitForCloseAsync();
        Assert.True(closeCode is null or (not 1000 and not 1001), $"a resumable invalid session must not be closed with {closeCode}");
        var resumed = await context.Discord.Gateway.NextSessionAsync();
        Assert.True(resumed.IsResumeUrl, "a resume goes to resume_gateway_url");
        await resumed.SendHelloAsync();
        var resume = (await resumed.ReceiveAsync(op: 6)).GetProperty("d");
        Assert.Equal("fake-session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(2, resume.GetProperty("seq").GetInt32());
        await resumed.SendResumedAsync();
        await context.NextEventAsync<ResumedEvent>();
        Assert.DoesNotContain(resumed.Received, p => FakeGatewaySession.Op(p) == 2);
        Assert.Equal("fake-session-1", context.Client.SessionId);
        Assert.Equal(2, context.Discord.Gateway.ConnectionCount);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task StartsANewSessionAfterCloseCodesThatEndTheSession(int code)
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        var spacing = context.Time.WaitForDelayAsync(d => d > TimeSpan.Zero);
        await session.CloseAsync(code);
        Assert.Equal(IdentifyGate.Window, await spacing);
        context.Time.Advance(IdentifyGate.Window);
        var fresh = await context.Discord.Gateway.NextSessionAsync();
        Assert.False(fresh.IsResumeUrl);
        await fresh.SendHelloAsync();
        var identify = await fresh.ReceiveAsync(op: 2);
        Assert.Equal(FakeDiscord.BotToken, identify.GetProperty("d").GetProperty("token").GetString());
        Assert.DoesNotContain(fresh.Received, p => FakeGatewaySession.Op(p) == 6);
        Assert.Null(context.Client.SessionId);
    }

    [Fact]
    public async Task StopsWithAFatalErrorAndDoesNotRetryAfter4004()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var session = await context.Discord.Gateway.NextSessionAsync();
        await session.SendHelloAsync();
        await session.ReceiveAsync(op: 2);
        await session.CloseAsync(4004, "Authentication failed.");

        var error = await Assert.ThrowsAsync<GatewayFatalException>(() => context.NextEventAsync());
        Assert.Equal(4004, error.CloseCode);
        Assert.Contains("token", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(FakeDiscord.BotToken, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GatewayFatalException>(() => context.Client.Completion);

        // The run loop has ended: nothing is left to reconnect, however far time moves.
        context.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, context.Discord.Gateway.ConnectionCount);
        Assert.Single(context.Discord.Rest.Requests, r => r.Route == "GET /gateway/bot");
        Assert.DoesNotContain(context.Logger.Lines, line => line.Contains(FakeDiscord.BotToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task TreatsTheOtherNonReconnectableCloseCodesAsFatal(int code)
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        await session.CloseAsync(code);
        var error = await Assert.ThrowsAsync<GatewayFatalException>(() => context.NextEventAsync());
        Assert.Equal(code, error.CloseCode);
        Assert.Equal(1, context.Discord.Gateway.ConnectionCount);
    }

    [Fact]
    public async Task ReconnectsWhenHelloNeverComes()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var silent = await context.Discord.Gateway.NextSessionAsync();
        await context.Time.WaitForDelayArmedAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, context.Discord.Gateway.ConnectionCount);
        context.Time.Advance(TimeSpan.FromSeconds(30));

        // The client gives up on the silent socket (keeping nothing: there was no session yet) and connects again.
        var closeCode = await silent.WaitForCloseAsync();
        Assert.True(closeCode is null or (not 1000 and not 1001), $"closed with {closeCode}");
        Assert.Empty(silent.Received);
        var next = await context.Discord.Gateway.NextSessionAsync();
        Assert.False(next.IsResumeUrl, "without a session the client identifies on the /gateway/bot URL");
        await next.SendHelloAsync();
        var identify = await next.ReceiveAsync(op: 2);
        Assert.Equal(FakeDiscord.BotToken, identify.GetProperty("d").GetProperty("token").GetString());
        Assert.Equal(2, context.Discord.Gateway.ConnectionCount);
        Assert.Single(context.Logger.Lines, l => l.Contains("No Hello within 30 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SurvivesAnUnexpectedFailureWhileIdentifying()
    {
        var connections = 0;
        await using var context = await GatewayTestContext.StartAsync(transportFactory: () =>
            new FailingFirstSendTransport(new WebSocketGatewayTransport(), fail: Interlocked.Increment(ref connections) == 1));
        var first = await context.Discord.Gateway.NextSessionAsync();
        var identifySpacing = context.Time.WaitForDelayAsync(TimeSpan.FromSeconds(5));
        await first.SendHelloAsync();
        await first.WaitForCloseAsync();

        // Identify calls stay 5 s apart even when the first one never made it out.
        context.Time.Advance(await identifySpacing);
        var second = await context.Discord.Gateway.NextSessionAsync();
        await second.SendHelloAsync();
        await second.ReceiveAsync(op: 2);
        await second.SendReadyAsync();
        await context.NextEventAsync<ReadyEvent>();
        Assert.Contains(context.Logger.Lines, line => line.Contains("failed unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DoesNotIdentifyWithTheDailyBudgetSpentAndSaysOnceUntilWhenItWaits()
    {
        var time = new ObservableTimeProvider();
        await using var discord = await FakeDiscord.StartAsync(time);
        var remaining = 0;
        discord.Rest.SetDefault("GET /gateway/bot", _ => FakeResponse.Ok(GatewayBot(discord, remaining: Volatile.Read(ref remaining), resetAfterMs: 3_600_000)));
        await using var context = await GatewayTestContext.StartAsync(discord: discord, time: time);

        // No connection, so no Identify: the client waits out reset_after (an hour) and says why, in words.
        await context.Time.WaitForDelayArmedAsync(TimeSpan.FromHours(1));
        Assert.Equal(0, context.Discord.Gateway.ConnectionCount);
        var line = Assert.Single(context.Logger.Lines, l => l.Contains("none are left", StringComparison.Ordinal));
        Assert.Contains("1000 new gateway sessions", line, StringComparison.Ordinal);
        Assert.Contains("reset the bot token", line, StringComparison.Ordinal);
        Assert.Contains("2026-11-28 07:00:00 UTC", line, StringComparison.Ordinal);

        // Still spent when asked again after the hour: the client waits again without saying it again.
        var secondWait = context.Time.WaitForDelayAsync(TimeSpan.FromHours(1));
        context.Time.Advance(TimeSpan.FromHours(1));
        await secondWait;
        Assert.Equal(0, context.Discord.Gateway.ConnectionCount);
        Volatile.Write(ref remaining, 1000);
        context.Time.Advance(TimeSpan.FromHours(1));

        var session = await context.Discord.Gateway.NextSessionAsync();
        await session.SendHelloAsync();
        await session.ReceiveAsync(op: 2);
        Assert.Single(context.Logger.Lines, l => l.Contains("none are left", StringComparison.Ordinal));
        Assert.Equal(3, context.Discord.Rest.Requests.Count(r => r.Route == "GET /gateway/bot"));
    }

    [Fact]
    public async Task StopsWithTheReasonInsteadOfWaitingWhenToldToExitOnASpentBudget()
    {
        var time = new ObservableTimeProvider();
        await using var discord = await FakeDiscord.StartAsync(time);
        discord.Rest.SetDefault("GET /gateway/bot", _ => FakeResponse.Ok(GatewayBot(discord, remaining: 0, resetAfterMs: 600_000)));
        await using var context = await GatewayTestContext.StartAsync(
            o => new GatewayOptions { Token = o.Token, ReconnectDelays = o.ReconnectDelays, ExitWhenIdentifyBudgetSpent = true },
            discord: discord,
            time: time);

        var error = await Assert.ThrowsAsync<GatewayIdentifyBudgetException>(() => context.NextEventAsync());
        Assert.Contains("none are left", error.Message, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 6, 10, 0, TimeSpan.Zero), error.ResetsAt);
        await Assert.ThrowsAsync<GatewayIdentifyBudgetException>(() => context.Client.Completion);
        Assert.Equal(0, context.Discord.Gateway.ConnectionCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task IdentifiesShardsInMaxConcurrencyBucketsFiveSecondsApart(int maxConcurrency)
    {
        var time = new ObservableTimeProvider();
        await using var discord = await FakeDiscord.StartAsync(time);
        discord.Rest.SetDefault("GET /gateway/bot", _ => FakeResponse.Ok(GatewayBot(discord, remaining: 1000, resetAfterMs: 3_600_000, maxConcurrency: maxConcurrency)));
        using var http = new HttpClient();
        var rest = new DiscordRestClient(http, new DiscordRestOptions { Token = FakeDiscord.BotToken, BaseUrl = discord.ApiBaseUrl }, time, NullLogger<DiscordRestClient>.Instance);
        var gate = new IdentifyGate(time);
        await using var shard0 = new GatewayClient(new GatewayOptions { Token = FakeDiscord.BotToken, ShardId = 0, ShardCount = 2 }, rest, time, NullLogger<GatewayClient>.Instance, identifyGate: gate);
        await using var shard1 = new GatewayClient(new GatewayOptions { Token = FakeDiscord.BotToken, ShardId = 1, ShardCount = 2 }, rest, time, NullLogger<GatewayClient>.Instance, identifyGate: gate);
        await shard0.StartAsync();
        var a = await discord.Gateway.NextSessionAsync();
        await a.SendHelloAsync();
        await a.ReceiveAsync(op: 2);

        var spacing = time.WaitForDelayAsync(d => d > TimeSpan.Zero && d <= IdentifyGate.Window);
        await shard1.StartAsync();
        if (maxConcurrency == 1)
        {
            // Shards 0 and 1 share bucket 0 (shard_id % 1): the second waits the 5 s before it even connects.
            Assert.Equal(IdentifyGate.Window, await spacing);
            Assert.Equal(1, discord.Gateway.ConnectionCount);
            time.Advance(IdentifyGate.Window);
        }

        // With max_concurrency 2 they are in buckets 0 and 1: both identify at once, without time moving.
        var b = await discord.Gateway.NextSessionAsync();
        await b.SendHelloAsync();
        var second = await b.ReceiveAsync(op: 2);
        Assert.Equal([1, 2], second.GetProperty("d").GetProperty("shard").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(maxConcurrency == 1, spacing.IsCompleted);
    }

    [Fact]
    public async Task ReadsAutocompleteButtonAndMessageContextMenuInteractions()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        await session.SendDispatchAsync("INTERACTION_CREATE", FakePayloads.Autocomplete("ask", "question", ("question", "287"), ("quotes", 3)));
        await session.SendDispatchAsync("INTERACTION_CREATE", FakePayloads.ButtonClick("more:1"));
        await session.SendDispatchAsync("INTERACTION_CREATE", FakePayloads.MessageCommand("Check against sources", "ICE detainers are...", targetId: "500000000000000777"));

        var autocomplete = (await context.NextEventAsync<InteractionCreateEvent>()).Interaction;
        Assert.Equal(InteractionType.ApplicationCommandAutocomplete, autocomplete.Type);
        Assert.Equal("question", autocomplete.Data?.FocusedOption?.Name);
        Assert.Equal("287", autocomplete.Data?.FocusedOption?.StringValue);
        Assert.Equal(3, autocomplete.Data?.Options?[1].Value?.GetInt32());

        var click = (await context.NextEventAsync<InteractionCreateEvent>()).Interaction;
        Assert.Equal(InteractionType.MessageComponent, click.Type);
        Assert.Equal("more:1", click.Data?.CustomId);
        Assert.Equal(ComponentType.Button, click.Data?.ComponentType);
        Assert.True(click.Message?.Author.Bot);

        var menu = (await context.NextEventAsync<InteractionCreateEvent>()).Interaction;
        var target = Snowflake.Parse("500000000000000777");
        Assert.Equal(ApplicationCommandType.Message, menu.Data?.Type);
        Assert.Equal(target, menu.Data?.TargetId);
        Assert.Equal("ICE detainers are...", menu.Data?.Resolved?.Messages?[target].Content);
        Assert.StartsWith("interaction-token-", menu.Token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeartbeatsAtOnceWhenTheServerAsksWithOp1()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        await session.SendHeartbeatRequestAsync();
        var beat = await session.ReceiveAsync(op: 1);
        Assert.Equal(1, beat.GetProperty("d").GetInt32());
    }

    [Fact]
    public async Task KeepsHeartbeatingWhileTheConsumerIsNotReadingAndNeverDropsWhatConcernsTheBot()
    {
        await using var context = await GatewayTestContext.StartAsync(o => new GatewayOptions
        {
            Token = o.Token,
            ReconnectDelays = o.ReconnectDelays,
            EventQueueCapacity = 2,
        });
        var (session, _) = await context.HandshakeAsync(heartbeatIntervalMs: 20000);

        // The consumer reads nothing meanwhile. Guild data beyond the capacity is dropped, guild chatter that does
        // not mention the bot is never queued, and the interactions and the mention all come through.
        for (var i = 0; i < 3; i++)
        {
            await session.SendDispatchAsync("GUILD_CREATE", FakePayloads.GuildCreate(guildId: "20000000000000010" + i, name: "guild " + i));
        }

        for (var i = 0; i < 4; i++)
        {
            await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate($"chatter {i}"));
        }

        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var interaction = FakePayloads.SlashCommand("ask", ("question", $"q{i}"));
            tokens.Add(interaction["token"]!.GetValue<string>());
            await session.SendDispatchAsync("INTERACTION_CREATE", interaction);
        }

        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate($"<@{FakeDiscord.BotUserId}> a question", mentionBot: true));

        await context.BeatAsync(session, TimeSpan.FromSeconds(20));
        var beat = await context.BeatAsync(session, TimeSpan.FromSeconds(20));
        Assert.Equal(12, beat.GetProperty("d").GetInt32());
        Assert.Equal("guild 0", (await context.NextEventAsync<GuildCreateEvent>()).Name);
        Assert.Equal("guild 1", (await context.NextEventAsync<GuildCreateEvent>()).Name);
        foreach (var token in tokens)
        {
            Assert.Equal(token, (await context.NextEventAsync<InteractionCreateEvent>()).Interaction.Token);
        }

        var mention = await context.NextEventAsync<MessageCreateEvent>();
        Assert.Equal(12, mention.Sequence);
        Assert.Single(context.Logger.Lines, l => l.Contains("events behind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeliversEveryGuildMessageWhenAskedTo()
    {
        await using var context = await GatewayTestContext.StartAsync(o => new GatewayOptions
        {
            Token = o.Token,
            ReconnectDelays = o.ReconnectDelays,
            DeliverAllGuildMessages = true,
        });
        var (session, _) = await context.HandshakeAsync();
        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("chatter"));
        Assert.Equal("chatter", (await context.NextEventAsync<MessageCreateEvent>()).Message.Content);
    }

    [Fact]
    public async Task AReadyWhileAResumeIsPendingStartsTheNewSession()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        for (var i = 0; i < 4; i++)
        {
            await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate($"<@{FakeDiscord.BotUserId}> {i}", mentionBot: true));
            await context.NextEventAsync<MessageCreateEvent>();
        }

        await session.CloseAsync(4000, "unknown error");
        var resumed = await context.Discord.Gateway.NextSessionAsync();
        await resumed.SendHelloAsync();
        Assert.Equal(5, (await resumed.ReceiveAsync(op: 6)).GetProperty("d").GetProperty("seq").GetInt32());

        // Discord answers the resume with READY (s = 1) instead of RESUMED: a new session, not a replay to skip.
        await resumed.SendReadyAsync("fake-session-2");
        var ready = await context.NextEventAsync<ReadyEvent>();
        Assert.Equal("fake-session-2", ready.SessionId);
        Assert.Equal(1, ready.Sequence);
        Assert.Equal("fake-session-2", context.Client.SessionId);
        await resumed.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate($"<@{FakeDiscord.BotUserId}> after", mentionBot: true));
        Assert.Equal(2, (await context.NextEventAsync<MessageCreateEvent>()).Sequence);

        // The heartbeat and the next resume carry the new session's sequence and id.
        await resumed.SendHeartbeatRequestAsync();
        Assert.Equal(2, (await resumed.ReceiveAsync(op: 1)).GetProperty("d").GetInt32());
        await resumed.CloseAsync(4000, "unknown error");
        var again = await context.Discord.Gateway.NextSessionAsync();
        await again.SendHelloAsync();
        var resume = (await again.ReceiveAsync(op: 6)).GetProperty("d");
        Assert.Equal("fake-session-2", resume.GetProperty("session_id").GetString());
        Assert.Equal(2, resume.GetProperty("seq").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SkipsAPayloadOverTheSizeCapAndKeepsReading(bool compress)
    {
        await using var context = await GatewayTestContext.StartAsync(o => new GatewayOptions
        {
            Token = o.Token,
            ReconnectDelays = o.ReconnectDelays,
            Compress = compress,
            MaxPayloadBytes = 64 * 1024,
        });
        var (session, _) = await context.HandshakeAsync();

        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate(new string('x', 100_000), guildId: null));
        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate("small", guildId: null));

        var next = await context.NextEventAsync<MessageCreateEvent>();
        Assert.Equal("small", next.Message.Content);
        Assert.Equal(3, next.Sequence);
        var skipped = Assert.Single(context.Logger.Lines, l => l.Contains("Skipped a gateway payload", StringComparison.Ordinal));
        Assert.Contains("over the cap of 65536", skipped, StringComparison.Ordinal);
        Assert.Equal(1, context.Discord.Gateway.ConnectionCount);
    }

    [Fact]
    public async Task FollowsOnlyWssGatewayUrls()
    {
        var time = new ObservableTimeProvider();
        await using var discord = await FakeDiscord.StartAsync(time);
        discord.Rest.Enqueue("GET /gateway/bot", FakeResponse.Ok(new JsonObject
        {
            ["url"] = "ws://gateway.example.test",
            ["shards"] = 1,
            ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 1000, ["max_concurrency"] = 1 },
        }));
        var connected = new System.Collections.Concurrent.ConcurrentQueue<Uri>();
        await using var context = await GatewayTestContext.StartAsync(
            transportFactory: () => new LoopbackOnlyTransport(new WebSocketGatewayTransport(), connected),
            discord: discord,
            time: time);

        // The plain-text URL is refused; the next GET /gateway/bot gives the fake's own (loopback) URL.
        var session = await context.Discord.Gateway.NextSessionAsync();
        await session.SendHelloAsync();
        await session.ReceiveAsync(op: 2);
        await session.SendReadyAsync(resumeGatewayUrl: "ws://resume.example.test");
        await context.NextEventAsync<ReadyEvent>();

        // READY's resume URL is plain text too: the resume goes through the /gateway/bot URL instead.
        await session.CloseAsync(4000, "unknown error");
        var resumed = await context.Discord.Gateway.NextSessionAsync();
        Assert.False(resumed.IsResumeUrl);
        await resumed.SendHelloAsync();
        Assert.Equal("fake-session-1", (await resumed.ReceiveAsync(op: 6)).GetProperty("d").GetProperty("session_id").GetString());

        Assert.All(connected, uri => Assert.True(uri.IsLoopback, uri.ToString()));
        Assert.Equal(2, connected.Count);
        Assert.Equal(2, context.Discord.Rest.Requests.Count(r => r.Route == "GET /gateway/bot"));
        Assert.Equal(2, context.Logger.Lines.Count(l => l.Contains("Not following the gateway URL", StringComparison.Ordinal)));
        Assert.Contains(context.Logger.Lines, l => l.Contains("ws://gateway.example.test", StringComparison.Ordinal));
        Assert.Contains(context.Logger.Lines, l => l.Contains("ws://resume.example.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendsTheShardAndTheOptionsInIdentify()
    {
        await using var context = await GatewayTestContext.StartAsync(o => new GatewayOptions
        {
            Token = o.Token,
            ReconnectDelays = o.ReconnectDelays,
            ShardId = 1,
            ShardCount = 4,
            LargeThreshold = 100,
            Intents = GatewayIntents.Default | GatewayIntents.MessageContent,
        });
        var (_, identify) = await context.HandshakeAsync();
        var d = identify.GetProperty("d");
        Assert.Equal([1, 4], d.GetProperty("shard").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(100, d.GetProperty("large_threshold").GetInt32());
        Assert.Equal(37377, d.GetProperty("intents").GetInt32());
    }

    [Fact]
    public async Task InflatesZlibStreamCompressedPayloads()
    {
        await using var context = await GatewayTestContext.StartAsync(o => new GatewayOptions
        {
            Token = o.Token,
            ReconnectDelays = o.ReconnectDelays,
            Compress = true,
        });
        var session = await context.Discord.Gateway.NextSessionAsync();
        Assert.Equal("?v=10&encoding=json&compress=zlib-stream", session.Query);
        await session.SendHelloAsync();
        await session.ReceiveAsync(op: 2);
        await session.SendReadyAsync();
        await context.NextEventAsync<ReadyEvent>();
        await session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate(new string('x', 5000), guildId: null));
        Assert.Equal(5000, (await context.NextEventAsync<MessageCreateEvent>()).Message.Content.Length);
    }

    [Fact]
    public async Task BacksOffBetweenFailedAttemptsAndRefetchesTheGatewayUrl()
    {
        await using var context = await GatewayTestContext.StartAsync(o => new GatewayOptions
        {
            Token = o.Token,
            ReconnectDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)],
        });
        var (session, _) = await context.HandshakeAsync();

        // The gateway URL now fails (connection refused), then /gateway/bot fails, then everything works again.
        var firstWait = context.Time.WaitForDelayAsync(TimeSpan.FromSeconds(2));
        context.Discord.Rest.Enqueue("GET /gateway/bot", FakeResponse.Error(502, 0, "Bad Gateway"));
        session.Abort();
        await firstWait;
        var secondWait = context.Time.WaitForDelayAsync(TimeSpan.FromSeconds(4));
        context.Time.Advance(TimeSpan.FromSeconds(2));
        var resumed = await context.Discord.Gateway.NextSessionAsync();
        Assert.True(resumed.IsResumeUrl);
        resumed.Abort();
        await secondWait;
        Assert.Equal(2, context.Discord.Gateway.ConnectionCount);
        var thirdWait = context.Time.WaitForDelayAsync(TimeSpan.FromSeconds(4));
        context.Time.Advance(TimeSpan.FromSeconds(4));
        var again = await context.Discord.Gateway.NextSessionAsync();
        again.Abort();
        await thirdWait; // the last delay repeats: the client never gives up
        Assert.DoesNotContain(context.Logger.Lines, line => line.Contains(FakeDiscord.BotToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopCloses1000AndEndsTheEventStream()
    {
        await using var context = await GatewayTestContext.StartAsync();
        var (session, _) = await context.HandshakeAsync();
        await context.Client.StopAsync();
        Assert.Equal(1000, await session.WaitForCloseAsync());
        await context.Client.Completion;
        await using var events = context.Client.ReadEventsAsync().GetAsyncEnumerator();
        Assert.False(await events.MoveNextAsync());
    }

    [Fact]
    public void DefaultReconnectDelaysGrowWithJitterUpToAMinuteAndNeverEnd()
    {
        var delays = ReconnectPolicy.Default.Take(50).ToList();
        Assert.Equal(50, delays.Count);
        Assert.InRange(delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(delays[3], TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(60)));
        Assert.All(delays.Skip(10), d => Assert.True(d >= TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void BuildsTheGatewayUriWithVersionAndEncoding()
    {
        Assert.Equal("wss://gateway.discord.gg/?v=10&encoding=json", GatewayUri.Build("wss://gateway.discord.gg", compress: false).ToString());
        Assert.Equal("wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json&compress=zlib-stream", GatewayUri.Build("wss://gateway-us-east1-b.discord.gg", compress: true).ToString());
    }

    [Theory]
    [InlineData("wss://gateway.discord.gg", true)]
    [InlineData("wss://gateway-us-east1-b.discord.gg/", true)]
    [InlineData("ws://127.0.0.1:5000/gateway", true)]
    [InlineData("ws://localhost:5000", true)]
    [InlineData("ws://[::1]:5000", true)]
    [InlineData("ws://gateway.discord.gg", false)]
    [InlineData("https://gateway.discord.gg", false)]
    [InlineData("gateway.discord.gg", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AllowsOnlyWssUrlsOrPlainWebSocketsToLoopback(string? url, bool allowed) =>
        Assert.Equal(allowed, GatewayUri.IsAllowed(url));

    private static JsonObject GatewayBot(FakeDiscord discord, int remaining, long resetAfterMs, int maxConcurrency = 1) => new()
    {
        ["url"] = discord.GatewayUrl,
        ["shards"] = 1,
        ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = remaining, ["reset_after"] = resetAfterMs, ["max_concurrency"] = maxConcurrency },
    };

    /// <summary>Records where the client connects and refuses anything but loopback, so a test never leaves the machine.</summary>
    private sealed class LoopbackOnlyTransport(IGatewayTransport inner, System.Collections.Concurrent.ConcurrentQueue<Uri> connected) : IGatewayTransport
    {
        public Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default)
        {
            connected.Enqueue(uri);
            return uri.IsLoopback ? inner.ConnectAsync(uri, cancellationToken) : throw new WebSocketExceptionForTest();
        }

        public Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => inner.SendAsync(payload, cancellationToken);

        public Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default) => inner.ReceiveAsync(cancellationToken);

        public Task CloseAsync(int closeCode, CancellationToken cancellationToken = default) => inner.CloseAsync(closeCode, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class WebSocketExceptionForTest() : Exception("connected to a non-loopback address");

    private sealed class FailingFirstSendTransport(IGatewayTransport inner, bool fail) : IGatewayTransport
    {
        public Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default) => inner.ConnectAsync(uri, cancellationToken);

        public Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
            fail ? throw new InvalidOperationException("simulated send failure") : inner.SendAsync(payload, cancellationToken);

        public Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default) => inner.ReceiveAsync(cancellationToken);

        public Task CloseAsync(int closeCode, CancellationToken cancellationToken = default) => inner.CloseAsync(closeCode, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
