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

        Assert.Equal(Flood - Bound, logs.Messages.Count(m => m.Contains(": busy in", StringComparison.Ordinal)));
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);

        // Capacity is back: the next question is answered.
        var next = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "Who is the executive director of LEAP?")));
        Assert.Contains("Diane Goldstein", RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(next, RunningBot.EditOriginalRoute))), StringComparison.Ordinal);
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
