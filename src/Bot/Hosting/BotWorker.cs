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
/// time; past that an interaction gets an ephemeral "busy" reply at once instead of a queue that grows with the
/// flood and answers after Discord's 3 seconds. Nothing that concerns the bot is dropped: the gateway leaves out
/// guild chatter before it is queued, and load is shed with the busy reply. A dispatch seen before (by id) is not
/// answered twice. On stop, the answers in flight finish (up to <see cref="DrainTimeout"/>) before the connection
/// closes. On the first READY the commands are registered beside this loop (<see cref="CommandRegistration"/>),
/// never in front of it. A token or configuration that Discord rejects stops the host with a non-zero exit code.
/// </summary>
internal sealed partial class BotWorker(
    GatewayClient gateway,
    CommandRegistration registration,
    InteractionRouter router,
    MentionHandler mentions,
    BotSettings botSettings,
    ServeOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<BotWorker> logger) : BackgroundService
{
    /// <summary>How long stopping waits for answers in flight before cancelling them.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    // A replay after a resume reaches back only to the events missed while disconnected; 4,096 ids cover eight times
    // the soak's replay window of 500 events.
    private const int RememberedIds = 4096;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly RecentIds _handled = new(RememberedIds);

    // Handlers get this token, not the stopping token: stopping lets them finish, and cancels them only after the drain.
    private readonly CancellationTokenSource _handlers = new();
    private int _answering;
    private Snowflake _botUserId;
    private Task? _registration;

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
                        _registration ??= RegisterCommandsAsync(ready.ApplicationId, stoppingToken);
                        break;
                    case InteractionCreateEvent created:
                        Dispatch(created.Interaction, created.ReceivedTimestamp);
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
            if (_registration is not null)
            {
                await _registration.ConfigureAwait(false);
            }

            await gateway.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the registration on the thread pool, so that the event loop goes on reading at once.</summary>
    private async Task RegisterCommandsAsync(Snowflake applicationId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await registration.RunAsync(applicationId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (DiscordUnauthorizedException)
        {
            Fail(ServeOutcome.TokenRejected, "Discord rejected the bot token (HTTP 401). Set a valid token in DISCORD_TOKEN or Discord:Token.");
        }
    }

    private void Dispatch(Interaction interaction, long receivedTimestamp)
    {
        if (!_handled.Add(interaction.Id))
        {
            LogDuplicate("interaction", interaction.Id.Value);
            return;
        }

        var token = _handlers.Token;
        if (TryAdmit(ref _answering, botSettings.MaxInFlight))
        {
            Track(Task.Run(() => Release(router.HandleAsync(interaction, receivedTimestamp, token), () => Interlocked.Decrement(ref _answering)), CancellationToken.None));
        }
        else
        {
            // Past the bound the member is told at once: one small REST call, exempt from the global limit.
            Track(Task.Run(() => router.RejectBusyAsync(interaction, token), CancellationToken.None));
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
        else
        {
            // Told it is busy (one notice per member and cooldown period), like an interaction past the bound.
            Track(Task.Run(() => mentions.RejectBusyAsync(message, botUserId, token), CancellationToken.None));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Kind} {Id} was already handled: not answering it twice")]
    private partial void LogDuplicate(string kind, ulong id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: finishing {Count} answers in flight")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} answers still in flight")]
    private partial void LogDrainIncomplete(int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogFatal(string message);
}
