using System.Collections.Concurrent;
using Bot.Commands;
using Bot.Discord.Gateway;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Hosting;

/// <summary>
/// The bot's run loop: reads gateway events and hands interactions and messages to their handlers, each on its own
/// tracked task started in order of arrival, so that one slow answer never holds up the next event and every
/// admitted interaction is acknowledged at once. At most <see cref="BotSettings.MaxInFlight"/> are handled at a
/// time; past that an interaction gets an ephemeral "busy" reply (bounded too) instead of a queue that grows with the
/// flood and answers after Discord's 3 seconds. A dispatch seen before (by id) is not answered twice. On stop, the
/// answers in flight finish (up to <see cref="DrainTimeout"/>) before the connection closes. Registers the commands
/// on the first READY. A token or configuration that Discord rejects stops the host with a non-zero exit code.
/// </summary>
internal sealed partial class BotWorker(
    GatewayClient gateway,
    DiscordRestClient rest,
    InteractionRouter router,
    MentionHandler mentions,
    DiscordSettings settings,
    BotSettings botSettings,
    ServeOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<BotWorker> logger) : BackgroundService
{
    /// <summary>How long stopping waits for answers in flight before cancelling them.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private const int RememberedIds = 4096;

    // Busy replies are one small REST call each; they are bounded too, more loosely, so a flood cannot pile them up.
    private const int MinBusyInFlight = 256;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly RecentIds _handled = new(RememberedIds);

    // Handlers get this token, not the stopping token: stopping lets them finish, and cancels them only after the drain.
    private readonly CancellationTokenSource _handlers = new();
    private int _answering;
    private int _rejecting;
    private Snowflake _botUserId;
    private bool _commandsRegistered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gateway.StartAsync(stoppingToken).ConfigureAwait(false);
            await foreach (var gatewayEvent in gateway.ReadEventsAsync(stoppingToken).ConfigureAwait(false))
            {
                switch (gatewayEvent)
                {
                    case ReadyEvent ready:
                        _botUserId = ready.BotUserId;
                        LogReady(ready.BotUser.Username, ready.BotUserId.Value, ready.GuildIds.Count);
                        if (!_commandsRegistered)
                        {
                            _commandsRegistered = true;
                            await RegisterCommandsAsync(ready.ApplicationId, stoppingToken).ConfigureAwait(false);
                        }

                        break;
                    case InteractionCreateEvent created:
                        Dispatch(created.Interaction);
                        break;
                    case MessageCreateEvent created when MentionHandler.IsForBot(created.Message, _botUserId):
                        Dispatch(created.Message, _botUserId);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DiscordUnauthorizedException)
        {
            Fail(ServeOutcome.TokenRejected, "Discord rejected the bot token (HTTP 401). Set a valid token in DISCORD_TOKEN or Discord:Token.");
        }
        catch (GatewayFatalException ex)
        {
            Fail(ex.CloseCode == 4004 ? ServeOutcome.TokenRejected : ServeOutcome.ConfigurationRejected, ex.Message);
        }
        catch (GatewayIdentifyBudgetException ex)
        {
            Fail(ServeOutcome.IdentifyBudgetSpent, ex.Message);
        }
        finally
        {
            await DrainAsync().ConfigureAwait(false);
            await gateway.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RegisterCommandsAsync(Snowflake applicationId, CancellationToken cancellationToken)
    {
        try
        {
            var registered = settings.GuildId is { } guild
                ? await rest.BulkOverwriteGuildCommandsAsync(applicationId, new Snowflake(guild), CommandDefinitions.All, cancellationToken).ConfigureAwait(false)
                : await rest.BulkOverwriteGlobalCommandsAsync(applicationId, CommandDefinitions.All, cancellationToken).ConfigureAwait(false);
            LogCommandsRegistered(registered.Count, settings.GuildId is null ? "globally" : "on the configured guild");
        }
        catch (DiscordRestException ex) when (ex is not DiscordUnauthorizedException)
        {
            // The bot still answers mentions and DMs without its commands.
            LogCommandsFailed(ex, (int)ex.StatusCode, ex.ErrorCode ?? 0);
        }
    }

    private void Dispatch(Interaction interaction)
    {
        if (!_handled.Add(interaction.Id))
        {
            LogDuplicate("interaction", interaction.Id.Value);
            return;
        }

        var token = _handlers.Token;
        if (TryAdmit(ref _answering, botSettings.MaxInFlight))
        {
            Track(Task.Run(() => Release(router.HandleAsync(interaction, token), () => Interlocked.Decrement(ref _answering)), CancellationToken.None));
        }
        else if (TryAdmit(ref _rejecting, Math.Max(MinBusyInFlight, 4 * botSettings.MaxInFlight)))
        {
            Track(Task.Run(() => Release(router.RejectBusyAsync(interaction, token), () => Interlocked.Decrement(ref _rejecting)), CancellationToken.None));
        }
        else
        {
            // Even the busy replies are backed up: Discord will show "did not respond" rather than memory growing.
            LogShed("interaction", interaction.Id.Value);
        }
    }

    private void Dispatch(Message message, Snowflake botUserId)
    {
        if (!_handled.Add(message.Id))
        {
            LogDuplicate("message", message.Id.Value);
            return;
        }

        var token = _handlers.Token;
        if (TryAdmit(ref _answering, botSettings.MaxInFlight))
        {
            Track(Task.Run(() => Release(mentions.HandleAsync(message, botUserId, token), () => Interlocked.Decrement(ref _answering)), CancellationToken.None));
        }
        else if (TryAdmit(ref _rejecting, Math.Max(MinBusyInFlight, 4 * botSettings.MaxInFlight)))
        {
            // Told it is busy (one notice per member and cooldown period), like an interaction past the bound.
            Track(Task.Run(() => Release(mentions.RejectBusyAsync(message, botUserId, token), () => Interlocked.Decrement(ref _rejecting)), CancellationToken.None));
        }
        else
        {
            LogShed("message", message.Id.Value);
        }
    }

    private static bool TryAdmit(ref int counter, int limit)
    {
        if (Interlocked.Increment(ref counter) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref counter);
        return false;
    }

    private static async Task Release(Task handler, Action release)
    {
        try
        {
            await handler.ConfigureAwait(false);
        }
        finally
        {
            release();
        }
    }

    private void Track(Task handler)
    {
        _inFlight.TryAdd(handler, 0);
        _ = handler.ContinueWith(
            done => _inFlight.TryRemove(done, out _),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Lets answers in flight finish (bounded) before the connection closes.</summary>
    private async Task DrainAsync()
    {
        var pending = _inFlight.Keys.ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        LogDraining(pending.Length);
        try
        {
            await Task.WhenAll(pending).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDrainIncomplete(pending.Count(t => !t.IsCompleted));
            await _handlers.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException)
        {
            // A handler was cancelled: the others finished.
        }
    }

    public override void Dispose()
    {
        _handlers.Dispose();
        base.Dispose();
    }

    private void Fail(int exitCode, string message)
    {
        LogFatal(message);
        outcome.ExitCode = exitCode;
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected as {UserName} ({UserId}) in {GuildCount} guilds")]
    private partial void LogReady(string userName, ulong userId, int guildCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} commands {Scope}")]
    private partial void LogCommandsRegistered(int count, string scope);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering the commands failed (HTTP {Status}, Discord code {Code}); mentions and DMs still work")]
    private partial void LogCommandsFailed(Exception exception, int status, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Kind} {Id} was already handled: not answering it twice")]
    private partial void LogDuplicate(string kind, ulong id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overloaded: dropped {Kind} {Id} without a reply")]
    private partial void LogShed(string kind, ulong id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: finishing {Count} answers in flight")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} answers still in flight")]
    private partial void LogDrainIncomplete(int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogFatal(string message);
}
