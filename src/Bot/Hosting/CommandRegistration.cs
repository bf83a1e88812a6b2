using Bot.Commands;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Hosting;

/// <summary>
/// Registers the bot's commands beside the event loop, never in front of it: interactions are answered from the
/// first READY on, however slow Discord is to take the commands. Reads what is registered first and overwrites only
/// when the definitions differ (Discord counts new commands against a daily cap, and clients refetch on a change)
/// [AC]; a failure Discord may get over (5xx, network, rate limit, a ban) is retried with a growing delay, for as
/// long as the bot runs; one it will not (a 4xx) is logged and given up.
/// </summary>
internal sealed partial class CommandRegistration(
    DiscordRestClient rest,
    DiscordSettings settings,
    TimeProvider timeProvider,
    ILogger<CommandRegistration> logger)
{
    /// <summary>
    /// The first retry after 5 s, doubling to 10 minutes: the commands registered by the last run keep working
    /// meanwhile, and a Discord outage is not worth more than a request every few minutes.
    /// </summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    /// <summary>Runs until the commands are registered (or found registered), a permanent failure, or cancellation.</summary>
    public async Task RunAsync(Snowflake applicationId, CancellationToken cancellationToken)
    {
        var scope = settings.GuildId is null ? "globally" : "on the configured guild";
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var registered = await GetRegisteredAsync(applicationId, cancellationToken).ConfigureAwait(false);
                if (registered is not null && ApplicationCommandComparison.Matches(registered, CommandDefinitions.All))
                {
                    LogUpToDate(registered.Count, scope);
                    return;
                }

                var result = settings.GuildId is { } guild
                    ? await rest.BulkOverwriteGuildCommandsAsync(applicationId, new Snowflake(guild), CommandDefinitions.All, cancellationToken).ConfigureAwait(false)
                    : await rest.BulkOverwriteGlobalCommandsAsync(applicationId, CommandDefinitions.All, cancellationToken).ConfigureAwait(false);
                LogRegistered(result.Count, scope, attempt);
                return;
            }
            catch (Exception ex) when (IsWorthRetrying(ex, cancellationToken))
            {
                var wait = Max(delay, ex switch
                {
                    DiscordRateLimitedException limited => limited.RetryAfter,
                    DiscordRequestRefusedException refused => refused.RetryAfter,
                    _ => TimeSpan.Zero,
                });
                LogRetrying(attempt, ex.Message, wait.TotalSeconds);
                await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
            }
            catch (DiscordRestException ex) when (ex is not DiscordUnauthorizedException)
            {
                // A 4xx: the same request would fail the same way. Mentions and DMs still work without commands.
                LogFailed(ex, (int)ex.StatusCode, ex.ErrorCode ?? 0);
                return;
            }
        }
    }

    /// <summary>The commands registered now, or null when Discord would not say (then they are overwritten anyway).</summary>
    private async Task<IReadOnlyList<ApplicationCommand>?> GetRegisteredAsync(Snowflake applicationId, CancellationToken cancellationToken)
    {
        try
        {
            return settings.GuildId is { } guild
                ? await rest.GetGuildCommandsAsync(applicationId, new Snowflake(guild), cancellationToken).ConfigureAwait(false)
                : await rest.GetGlobalCommandsAsync(applicationId, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex) when (!IsWorthRetrying(ex, cancellationToken) && ex is not DiscordUnauthorizedException)
        {
            LogCannotCompare((int)ex.StatusCode, ex.ErrorCode ?? 0);
            return null;
        }
    }

    private static bool IsWorthRetrying(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        DiscordRateLimitedException or DiscordRequestRefusedException or HttpRequestException => true,
        DiscordUnauthorizedException => false,
        DiscordRestException rest => (int)rest.StatusCode >= 500 || rest.StatusCode == 0,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Count} commands registered {Scope} are up to date: no overwrite")]
    private partial void LogUpToDate(int count, string scope);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} commands {Scope} (attempt {Attempt})")]
    private partial void LogRegistered(int count, string scope, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the commands failed (attempt {Attempt}: {Reason}); trying again in {DelaySeconds:0} s")]
    private partial void LogRetrying(int attempt, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering the commands failed (HTTP {Status}, Discord code {Code}) and would fail again; mentions and DMs still work")]
    private partial void LogFailed(Exception exception, int status, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not read the registered commands (HTTP {Status}, Discord code {Code}): overwriting them")]
    private partial void LogCannotCompare(int status, int code);
}
