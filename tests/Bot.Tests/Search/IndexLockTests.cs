using System.Diagnostics;
using Bot.Search;
using Bot.Search.Indexing;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Search;

/// <summary>
/// One writer at a time, across processes: on Linux .NET takes <c>flock(LOCK_EX | LOCK_NB)</c> for
/// <see cref="FileShare.None"/>, which another process (or another open of the file in this one) cannot take until
/// the holder closes it or dies. Lucene's own lock does not give this on Linux. A build killed partway never
/// switched <c>CURRENT</c>, so the old generation keeps serving, and the dead process's lock is gone with it.
/// </summary>
public sealed class IndexLockTests : IDisposable
{
    private readonly TempCorpus _corpus = new();

    [Fact]
    public async Task SecondProcessCannotBuildWhileABuildHoldsTheLock()
    {
        var first = _corpus.Build();
        using (var held = IndexLayout.TryLock(_corpus.IndexDir))
        {
            Assert.NotNull(held);
            Assert.Null(IndexLayout.TryLock(_corpus.IndexDir)); // a second open in this process is refused too

            var (code, error) = await RunBotAsync("index", "--seeds", _corpus.SeedsDir, "--index", _corpus.IndexDir);

            Assert.True(code == 1 && error.Contains("already building", StringComparison.Ordinal), $"exit {code}: {error}");
            Assert.Equal(first.Generation, IndexLayout.CurrentGeneration(_corpus.IndexDir));
        }

        var (after, _) = await RunBotAsync("index", "--seeds", _corpus.SeedsDir, "--index", _corpus.IndexDir);
        Assert.Equal(0, after);
        Assert.NotEqual(first.Generation, IndexLayout.CurrentGeneration(_corpus.IndexDir));
    }

    [Fact]
    public async Task BuildKilledPartwayLeavesTheOldGenerationServingAndReleasesTheLock()
    {
        var first = _corpus.Build();
        for (var i = 0; i < 3000; i++)
        {
            _corpus.AddSeed($"extra{i:0000}.txt", $"Extra document {i} says that county jails and federal custody differ in many ways, at length.\n");
        }

        // The build writes its process id into the lock file once it holds the lock: kill it then, mid-build.
        using var lockWritten = new FileSystemWatcher(_corpus.IndexDir, IndexLayout.LockFile);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lockWritten.Changed += (_, _) => started.TrySetResult();
        lockWritten.EnableRaisingEvents = true;
        using var child = StartBot("index", "--seeds", _corpus.SeedsDir, "--index", _corpus.IndexDir);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync().WaitAsync(FakeTimeouts.Guard);

        Assert.Equal(first.Generation, IndexLayout.CurrentGeneration(_corpus.IndexDir));
        using (var engine = SearchEngine.Open(_corpus.IndexDir))
        {
            Assert.True(engine.Ask("How long do ICE detainers hold people?").Answered);
        }

        using (var relock = IndexLayout.TryLock(_corpus.IndexDir))
        {
            Assert.NotNull(relock); // the kernel dropped the dead process's flock
        }

        var rebuilt = _corpus.Build();
        Assert.Equal(3001, rebuilt.Documents);
        Assert.Equal(2, Directory.GetDirectories(_corpus.IndexDir, IndexLayout.GenerationPrefix + "*").Length); // any partial one is cleaned up
    }

    [Fact]
    public void IndexBesideServeCannotInterleaveWithTheWatchersBuild()
    {
        _corpus.Build();
        using var held = IndexLayout.TryLock(_corpus.IndexDir);

        var error = Assert.Throws<IndexBuildLockedException>(() => new IndexBuilder().Build(_corpus.SeedsDir, _corpus.IndexDir));

        Assert.Contains("already building", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _corpus.Dispose();

    private static Process StartBot(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // The bot's own output folder: its deps.json names what bot.dll needs (the test folder's is the tests').
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        info.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "src", "Bot", "bin", configuration, "net10.0", "bot.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start bot");
    }

    private static async Task<(int Code, string Error)> RunBotAsync(params string[] args)
    {
        using var process = StartBot(args);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await output;
        return (process.ExitCode, await error);
    }
}
