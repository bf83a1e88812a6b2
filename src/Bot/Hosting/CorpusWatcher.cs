using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Hosting;

/// <summary>
/// Keeps the served index in step with the seeds folder while <c>serve</c> runs: a change (document added, edited,
/// removed) seen by a <see cref="FileSystemWatcher"/> starts a reload once the folder has been quiet for
/// <see cref="SearchSettings.ReloadDebounceSeconds"/>; a fingerprint check every
/// <see cref="SearchSettings.ReloadPollSeconds"/> catches what the watcher missed. All waiting goes through
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class CorpusWatcher(
    CorpusReloader reloader,
    SearchSettings settings,
    TimeProvider timeProvider,
    ILogger<CorpusWatcher> logger) : BackgroundService
{
    // One pending signal is enough: a reload reads the whole folder.
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Off only in tests of the periodic check, which must not see the watcher's events.</summary>
    internal bool UseFileWatcher { get; init; } = true;

    /// <summary>Reports a change in the seeds folder (what the file watcher calls; tests may call it directly).</summary>
    public void Notify() => _changes.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.WatchSeeds)
        {
            return;
        }

        var debounce = TimeSpan.FromSeconds(settings.ReloadDebounceSeconds);
        var poll = TimeSpan.FromSeconds(settings.ReloadPollSeconds);
        using var watcher = UseFileWatcher ? StartWatcher() : null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await WaitForChangeAsync(poll, stoppingToken).ConfigureAwait(false))
                {
                    // Settle: an editor saving, or a copy of many files, comes as a burst of events.
                    while (await WaitForChangeAsync(debounce, stoppingToken).ConfigureAwait(false))
                    {
                    }
                }

                var reload = await reloader.ReloadAsync(force: false, stoppingToken).ConfigureAwait(false);
                if (reload.Build is { } build)
                {
                    LogReindexed(build.Documents, build.Passages, build.Skipped.Count, build.Generation);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>True when a change arrived within <paramref name="timeout"/>, false when the time ran out.</summary>
    private async Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        if (_changes.Reader.TryRead(out _))
        {
            return true;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var changed = _changes.Reader.WaitToReadAsync(wait.Token).AsTask();
        var elapsed = Task.Delay(timeout, timeProvider, wait.Token);
        var first = await Task.WhenAny(changed, elapsed).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
        return first == changed && changed.IsCompletedSuccessfully && _changes.Reader.TryRead(out _);
    }

    private FileSystemWatcher? StartWatcher()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(settings.SeedsPath)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Created += (_, _) => Notify();
            watcher.Changed += (_, _) => Notify();
            watcher.Deleted += (_, _) => Notify();
            watcher.Renamed += (_, _) => Notify();
            watcher.Error += (_, e) =>
            {
                // An overflowed event buffer: something changed, though we don't know what.
                LogWatcherError(e.GetException().Message);
                Notify();
            };
            watcher.EnableRaisingEvents = true;
            LogWatching(settings.SeedsPath, settings.ReloadPollSeconds);
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Out of inotify watches, or the folder is gone: the periodic check still picks changes up.
            watcher?.Dispose();
            LogWatcherUnavailable(settings.SeedsPath, ex.Message, settings.ReloadPollSeconds);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {SeedsPath} for changes (and checking every {PollSeconds} s)")]
    private partial void LogWatching(string seedsPath, double pollSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {SeedsPath} ({Reason}); checking for changes every {PollSeconds} s instead")]
    private partial void LogWatcherUnavailable(string seedsPath, string reason, double pollSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The seeds folder watcher reported an error ({Reason}); checking the folder")]
    private partial void LogWatcherError(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeds changed: reindexed {Documents} documents, {Passages} passages ({Skipped} files skipped) into {Generation}")]
    private partial void LogReindexed(int documents, int passages, int skipped, string generation);
}
