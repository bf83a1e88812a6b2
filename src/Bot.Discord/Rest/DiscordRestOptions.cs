namespace Bot.Discord.Rest;

/// <summary>Settings of the REST client. Plain options: the host binds <c>Discord:ApiBaseUrl</c> and the token.</summary>
public sealed class DiscordRestOptions
{
    public const string DefaultBaseUrl = "https://discord.com/api/v10";

    /// <summary>The bot token, without the "Bot " prefix. Sent only in the Authorization header, never logged.</summary>
    public required string Token { get; init; }

    /// <summary>API base URL including the version, e.g. https://discord.com/api/v10.</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Discord's required form: <c>DiscordBot ($url, $versionNumber)</c> [REF].</summary>
    public string UserAgent { get; init; } = "DiscordBot (https://github.com/debate-sources/bot, 1.0)";

    /// <summary>How many times a request answered with Discord's 429 is retried (after waiting retry_after) before failing.</summary>
    public int MaxRateLimitRetries { get; init; } = 3;

    /// <summary>Requests per second across all routes except interaction callbacks and webhooks [RL].</summary>
    public int GlobalRequestsPerSecond { get; init; } = 50;

    /// <summary>
    /// Retries after a 5xx, a timeout or a dropped connection, for requests that are safe to send twice (all but
    /// interaction followups; a followup is retried only when the connection failed before it was sent). Two: the
    /// 5xx a bot meets are momentary (a Discord node restarting, a Cloudflare edge hiccup), and two retries with the
    /// default delays end within 1.5 s, inside the 3 s an interaction has.
    /// </summary>
    public int TransientRetries { get; init; } = 2;

    /// <summary>
    /// Delay before the first such retry; each next one doubles it, and each is scaled by a random factor in
    /// [0.5, 1) so that requests that failed together do not come back together.
    /// </summary>
    public TimeSpan TransientRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Invalid requests (401, 403, 429) in 10 minutes at which the count is first logged, then at each doubling. 100
    /// is a hundredth of Cloudflare's ban threshold: a healthy bot stays far below it (the short soak, which injects
    /// a 429 into 4% of interaction callbacks, counts 11-17 in a run).
    /// </summary>
    public int InvalidRequestWarningThreshold { get; init; } = 100;

    /// <summary>Invalid requests in 10 minutes from which <see cref="RequestPriority.Optional"/> requests are not sent: a tenth of the ban threshold.</summary>
    public int InvalidRequestSoftLimit { get; init; } = 1_000;

    /// <summary>
    /// Invalid requests in 10 minutes from which only <see cref="RequestPriority.Essential"/> requests (interaction
    /// answers) are sent: half the ban threshold, leaving room for other processes on the same IP.
    /// </summary>
    public int InvalidRequestHardLimit { get; init; } = 5_000;

    /// <summary>
    /// How long a channel or guild that answered Missing Access (50001), Missing Permissions (50013), Unknown Channel
    /// (10003) or Unknown Guild (10004) is left alone: one window of the invalid-request limit, so a channel that
    /// refuses the bot costs at most one invalid request per window however many members mention it there.
    /// </summary>
    public TimeSpan ResourceCoolDown { get; init; } = TimeSpan.FromMinutes(10);
}
