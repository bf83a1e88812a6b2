using Bot.Hosting;
using Bot.Search;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Bot.Tests.Hosting;

/// <summary>
/// The seeds folder changes while <c>serve</c> runs: the watcher (or <c>/reindex</c>) rebuilds the index aside and
/// swaps it in, and /ask sees the change; a broken file is reported and skipped; questions never fail meanwhile.
/// </summary>
public sealed class LiveCorpusTests(ITestOutputHelper output) : IDisposable
{
    private const string ZebraQuestion = "How far do zebras migrate across the Serengeti?";
    private const string Reindexed = "Seeds changed: reindexed";
    private static readonly string[] FastReload = ["--Search:ReloadDebounceSeconds=0.05", "--Search:ReloadPollSeconds=600"];

    private readonly TempCorpus _corpus = new();

    [Fact]
    public async Task DocumentAddedEditedAndRemovedWhileServingIsPickedUpByItself()
    {
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: FastReload, logs: logs);
        Assert.Contains("Nothing in the sources I have bears on that", await AskAsync(bot, ZebraQuestion), StringComparison.Ordinal);

        _corpus.AddSeed("zebras.md", "---\ntitle: Zebra migration\npublisher: Wildlife Notes\n---\nZebras migrate about 500 kilometres across the Serengeti every year, following the rains.\n");
        await logs.WaitForAsync(m => m.Contains(Reindexed, StringComparison.Ordinal) && m.Contains("2 documents", StringComparison.Ordinal));
        Assert.Contains("500 kilometres", RunningBot.Plain(await AskAsync(bot, ZebraQuestion)), StringComparison.Ordinal);

        _corpus.AddSeed("zebras.md", "---\ntitle: Zebra migration\npublisher: Wildlife Notes\n---\nZebras migrate about 800 kilometres across the Serengeti every year, following the rains and fresh grass.\n");
        await logs.WaitForAsync(m => m.Contains(Reindexed, StringComparison.Ordinal), count: 2);
        var edited = RunningBot.Plain(await AskAsync(bot, ZebraQuestion));
        Assert.Contains("800 kilometres", edited, StringComparison.Ordinal);
        Assert.DoesNotContain("500 kilometres", edited, StringComparison.Ordinal);

        File.Delete(Path.Combine(_corpus.SeedsDir, "zebras.md"));
        await logs.WaitForAsync(m => m.Contains(Reindexed, StringComparison.Ordinal) && m.Contains("1 documents", StringComparison.Ordinal));
        Assert.Contains("Nothing in the sources I have bears on that", await AskAsync(bot, ZebraQuestion), StringComparison.Ordinal);
        Assert.Contains("additional 48 hours", RunningBot.Plain(await AskAsync(bot, "How long do ICE detainers hold people?")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenFileIsReportedAndSkippedWhileTheOldContentKeepsServing()
    {
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: FastReload, logs: logs);

        var broken = _corpus.AddSeedBytes("broken.txt", [0x41, 0x42, 0xC3, 0x28, 0xFF, 0xFE, 0x0A]);
        await logs.WaitForAsync(m => m.Contains(Reindexed, StringComparison.Ordinal) && m.Contains("1 files skipped", StringComparison.Ordinal));

        Assert.Contains(logs.Messages, m => m.Contains("Skipped " + broken, StringComparison.Ordinal) && m.Contains("not valid UTF-8", StringComparison.Ordinal));
        Assert.Contains("additional 48 hours", RunningBot.Plain(await AskAsync(bot, "How long do ICE detainers hold people?")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReindexCommandRebuildsOnDemandAndRepliesEphemerallyWithTheSummary()
    {
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: ["--Search:WatchSeeds=false"], logs: logs);
        _corpus.AddSeed("zebras.md", "Zebras migrate about 500 kilometres across the Serengeti every year, following the rains.\n");
        _corpus.AddSeedBytes("broken.txt", [0xFF, 0xFE, 0xFD]);

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("reindex"));

        var callback = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        Assert.Equal(5, callback.Body!.Value.GetProperty("type").GetInt32());
        Assert.Equal(64, callback.Body.Value.GetProperty("data").GetProperty("flags").GetInt32());
        var summary = RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute));
        Assert.Contains("**Reindexed:** 2 documents", summary, StringComparison.Ordinal);
        Assert.Contains("broken.txt", RunningBot.Plain(summary), StringComparison.Ordinal);
        Assert.Contains("500 kilometres", RunningBot.Plain(await AskAsync(bot, ZebraQuestion)), StringComparison.Ordinal);
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task QuestionsInterleavedWithReloadsAreAllAnswered()
    {
        const int Questions = 60;
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: ["--Search:WatchSeeds=false"], logs: logs);
        var reloader = bot.Host.Services.GetRequiredService<CorpusReloader>();
        var engine = bot.Host.Services.GetRequiredService<SearchEngine>();
        var generations = new HashSet<string>(StringComparer.Ordinal) { engine.Generation };

        using var stop = new CancellationTokenSource();
        var reloads = Task.Run(async () =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested)
            {
                var reload = await reloader.ReloadAsync(force: true, CancellationToken.None);
                Assert.False(reload.Failed, reload.Error);
                lock (generations)
                {
                    generations.Add(engine.Generation);
                }

                count++;
            }

            return count;
        });

        var tokens = new List<string>();
        for (var i = 0; i < Questions; i++)
        {
            tokens.Add(await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", "How long do ICE detainers hold people?"))));
        }

        var failed = 0;
        foreach (var token in tokens)
        {
            var content = RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute)));
            failed += content.Contains("additional 48 hours", StringComparison.Ordinal) ? 0 : 1;
        }

        await stop.CancelAsync();
        var reloadCount = await reloads;
        output.WriteLine($"questions: {Questions}, reindexes under load: {reloadCount}, generations served: {generations.Count}, failed questions: {failed}");
        Assert.Equal(0, failed);
        Assert.True(reloadCount >= 1);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("failed; apologising", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatcherWaitsForTheFolderToSettleOnTheTimeProvider()
    {
        _corpus.Build();
        using var engine = _corpus.Open();
        var time = new ObservableTimeProvider();
        var settings = new SearchSettings { SeedsPath = _corpus.SeedsDir, IndexPath = _corpus.IndexDir, ReloadDebounceSeconds = 2, ReloadPollSeconds = 60 };
        using var reloader = new CorpusReloader(engine, settings, new ServingModel(null), NullLogger<IndexBuilder>.Instance, NullLogger<CorpusReloader>.Instance);
        using var watcher = new CorpusWatcher(reloader, settings, time, NullLogger<CorpusWatcher>.Instance) { UseFileWatcher = false };
        var firstPoll = time.WaitForDelayAsync(TimeSpan.FromSeconds(60));
        await watcher.StartAsync(CancellationToken.None);
        await firstPoll;
        var before = engine.Generation;

        var settling = time.WaitForDelayAsync(TimeSpan.FromSeconds(2));
        _corpus.AddSeed("zebras.md", "Zebras migrate about 500 kilometres across the Serengeti every year.\n");
        watcher.Notify();
        await settling;
        Assert.Equal(0, reloader.Builds);

        var nextPoll = time.WaitForDelayAsync(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(2));
        await nextPoll;
        Assert.Equal(1, reloader.Builds);
        Assert.NotEqual(before, engine.Generation);

        // The periodic check catches a change the watcher did not report.
        _corpus.AddSeed("lions.md", "Lions rest for up to twenty hours a day in the shade of acacia trees.\n");
        var afterPoll = time.WaitForDelayAsync(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(60));
        await afterPoll;
        Assert.Equal(2, reloader.Builds);
        await watcher.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _corpus.Dispose();

    private static async Task<string> AskAsync(RunningBot bot, string question)
    {
        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", question)));
        return RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute));
    }
}
