using Bot.Commands;
using Bot.Search;
using Bot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Hosting;

/// <summary>A flood past the bound gets "busy" at once; stopping finishes the answers in flight; a restart serves the same index.</summary>
public sealed class LoadAndShutdownTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task AFloodPastTheBoundIsToldTheBotIsBusyAndEveryInteractionGetsExactlyOneInitialResponse()
    {
        const int Bound = 4;
        const int Flood = 24;
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(extraArgs: ["--Bot:MaxInFlight=" + Bound, "--Search:WatchSeeds=false"], logs: logs);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Discord is slow to take the deferrals: the first Bound interactions stay in flight until released.
        bot.Discord.Rest.SetDefault(RunningBot.CallbackRoute, r => r.Body is { } b && b.GetProperty("type").GetInt32() == 5
            ? FakeResponse.NoContent() with { HoldUntil = release.Task }
            : FakeResponse.NoContent());

        var tokens = new List<string>();
        for (var i = 0; i < Flood; i++)
        {
            tokens.Add(await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "How long do ICE detainers hold people?"))));
        }

        // Held responses reach waiters only once released: wait for the busy replies, which go through at once.
        try
        {
            await bot.Discord.Rest.WaitForCountAsync(RunningBot.CallbackRoute, Flood - Bound);
        }
        catch (TimeoutException)
        {
            output.WriteLine(string.Join("\n", logs.Messages));
            throw;
        }

        release.SetResult();
        foreach (var token in tokens.Take(Bound))
        {
            Assert.Contains("additional 48 hours", RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute))), StringComparison.Ordinal);
        }

        var callbacks = bot.Discord.Rest.Requests.Where(r => r.Route == RunningBot.CallbackRoute).ToList();
        Assert.All(tokens, t => Assert.Single(callbacks, r => r.Path.Contains(t, StringComparison.Ordinal)));
        foreach (var token in tokens.Skip(Bound))
        {
            var reply = Assert.Single(callbacks, r => r.Path.Contains(token, StringComparison.Ordinal));
            Assert.Equal(4, reply.Body!.Value.GetProperty("type").GetInt32());
            Assert.Equal(64, reply.Body.Value.GetProperty("data").GetProperty("flags").GetInt32());
            Assert.Equal(InteractionRouter.BusyMessage, RunningBot.Content(reply));
        }

        // Each busy reply is logged once it is sent, which is after Discord took it.
        await logs.WaitForAsync(m => m.Contains(": busy in", StringComparison.Ordinal), count: Flood - Bound);
        Assert.Equal(Flood - Bound, logs.Messages.Count(m => m.Contains(": busy in", StringComparison.Ordinal)));
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);

        // Capacity is back: the next question is answered.
        var next = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "Who is the executive director of LEAP?")));
        Assert.Contains("Diane Goldstein", RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(next, RunningBot.EditOriginalRoute))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMentionPastTheBoundIsToldTheBotIsBusyOncePerMember()
    {
        const int Bound = 2;
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(cooldownSeconds: 60, extraArgs: ["--Bot:MaxInFlight=" + Bound, "--Search:WatchSeeds=false"], logs: logs);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Discord.Rest.SetDefault(RunningBot.CallbackRoute, r => r.Body is { } b && b.GetProperty("type").GetInt32() == 5
            ? FakeResponse.NoContent() with { HoldUntil = release.Task }
            : FakeResponse.NoContent());
        var question = $"<@{FakeDiscord.BotUserId}> who said crimes go unsolved?";

        // Both slots are taken by interactions (from members of their own, past the cooldown) whose deferrals
        // Discord holds; events are handled in order.
        for (var i = 0; i < Bound; i++)
        {
            var interaction = FakePayloads.SlashCommand("ask", ("question", "How long do ICE detainers hold people?"));
            interaction["member"]!["user"] = FakePayloads.User("50000000000000010" + i, "member" + i);
            await bot.SendInteractionAsync(interaction);
        }

        var first = FakePayloads.MessageCreate(question, mentionBot: true);
        var again = FakePayloads.MessageCreate(question, mentionBot: true);
        var other = FakePayloads.MessageCreate(question, mentionBot: true, author: FakePayloads.User("500000000000000002", "bob"));
        foreach (var message in new[] { first, again, other })
        {
            await bot.Session.SendDispatchAsync("MESSAGE_CREATE", message);
        }

        await bot.Discord.Rest.WaitForCountAsync(RunningBot.CreateMessageRoute, 2);
        var replies = bot.Discord.Rest.Requests.Where(r => r.Route == RunningBot.CreateMessageRoute).ToList();
        Assert.Equal(2, replies.Count);
        Assert.All(replies, r => Assert.Equal(InteractionRouter.BusyMessage, RunningBot.Content(r)));
        // The two mentions from one member race for the one notice; the other member gets their own.
        var repliedTo = replies.Select(r => r.Body!.Value.GetProperty("message_reference").GetProperty("message_id").GetString()).ToList();
        Assert.Single(repliedTo, id => id == first["id"]!.GetValue<string>() || id == again["id"]!.GetValue<string>());
        Assert.Single(repliedTo, id => id == other["id"]!.GetValue<string>());
        Assert.All(replies, r => Assert.Empty(r.Body!.Value.GetProperty("allowed_mentions").GetProperty("parse").EnumerateArray()));
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);

        // Capacity is back: the next mention is answered.
        release.SetResult();
        await logs.WaitForAsync(m => m.Contains("/ask: answered in", StringComparison.Ordinal), count: Bound);
        await bot.Session.SendDispatchAsync("MESSAGE_CREATE", FakePayloads.MessageCreate(question, mentionBot: true, author: FakePayloads.User("500000000000000003", "carol")));
        await bot.Discord.Rest.WaitForCountAsync(RunningBot.CreateMessageRoute, 3);
        var answer = bot.Discord.Rest.Requests.Last(r => r.Route == RunningBot.CreateMessageRoute);
        Assert.Contains("Crimes go unsolved and innocent people get hurt", RunningBot.Plain(RunningBot.Content(answer)), StringComparison.Ordinal);
        static bool MentionBusy(string m) => m.Contains("Mention ", StringComparison.Ordinal) && m.Contains(": busy in", StringComparison.Ordinal);
        await logs.WaitForAsync(MentionBusy, count: 3);
        Assert.Equal(3, logs.Messages.Count(MentionBusy));
    }

    [Fact]
    public async Task ADispatchDeliveredTwiceIsAnsweredOnce()
    {
        await using var bot = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false"]);
        var interaction = FakePayloads.SlashCommand("sources");

        var token = await bot.SendInteractionAsync(interaction);
        await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        await bot.SendInteractionAsync((System.Text.Json.Nodes.JsonObject)interaction.DeepClone());
        var marker = await bot.SendInteractionAsync(FakePayloads.SlashCommand("sources"));
        await bot.RequestForAsync(marker, RunningBot.CallbackRoute);

        Assert.Single(bot.Discord.Rest.Requests, r => r.Path.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoppingFinishesTheAnswersInFlightAndARestartServesTheSameIndex()
    {
        var logs = new RecordingLoggerProvider();
        var bot = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false"], logs: logs);
        bot.KeepIndex = true;
        var generation = bot.Host.Services.GetRequiredService<SearchEngine>().Generation;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var editing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Discord.Rest.SetDefault(RunningBot.EditOriginalRoute, _ =>
        {
            editing.TrySetResult();
            return FakeResponse.Ok(FakePayloads.MessageCreate("answer", author: FakePayloads.BotUser(), guildId: null)) with { HoldUntil = release.Task };
        });

        await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "How long do ICE detainers hold people?")));
        await editing.Task.WaitAsync(FakeTimeouts.Guard); // the answer is on its way, and Discord is slow to take it
        using var guard = new CancellationTokenSource(FakeTimeouts.Guard);
        var stopping = bot.Host.StopAsync(guard.Token); // SIGTERM does this
        await logs.WaitForAsync(m => m.Contains("Stopping: finishing 1 answers in flight", StringComparison.Ordinal));
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping;
        output.WriteLine(string.Join("\n", logs.Messages));

        Assert.Contains(logs.Messages, m => m.Contains("/ask: answered", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("still in flight", StringComparison.Ordinal) || m.Contains("failed", StringComparison.Ordinal));
        var indexDir = bot.IndexDir;
        await bot.DisposeAsync();

        await using var restarted = await RunningBot.StartAsync(extraArgs: ["--Search:WatchSeeds=false"], indexDir: indexDir);
        Assert.Equal(generation, restarted.Host.Services.GetRequiredService<SearchEngine>().Generation);
        var again = await restarted.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "How long do ICE detainers hold people?")));
        Assert.Contains("additional 48 hours", RunningBot.Plain(RunningBot.Content(await restarted.RequestForAsync(again, RunningBot.EditOriginalRoute))), StringComparison.Ordinal);
    }
}
