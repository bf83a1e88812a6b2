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
/// tracked task so that one slow answer never holds up the next event. Registers the commands on the first READY.
/// A token or configuration that Discord rejects stops the host with a non-zero exit code.
/// </summary>
internal sealed partial class BotWorker(
    GatewayClient gateway,
    DiscordRestClient rest,
    InteractionRouter router,
    MentionHandler mentions,
    DiscordSettings settings,
    ServeOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<BotWorker> logger) : BackgroundService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
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
                        Track(Task.Run(() => router.HandleAsync(created.Interaction, stoppingToken), CancellationToken.None));
                        break;
                    case MessageCreateEvent created when MentionHandler.IsForBot(created.Message, _botUserId):
                        var botUserId = _botUserId;
                        Track(Task.Run(() => mentions.HandleAsync(created.Message, botUserId, stoppingToken), CancellationToken.None));
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

        try
        {
            await Task.WhenAll(pending).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogDrainIncomplete(pending.Count(t => !t.IsCompleted));
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} answers still in flight")]
    private partial void LogDrainIncomplete(int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogFatal(string message);
}
