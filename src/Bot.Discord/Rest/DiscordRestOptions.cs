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

    /// <summary>How many times a request answered with 429 is retried (after waiting retry_after) before failing.</summary>
    public int MaxRateLimitRetries { get; init; } = 3;

    /// <summary>Requests per second across all routes except interaction callbacks and webhooks [RL].</summary>
    public int GlobalRequestsPerSecond { get; init; } = 50;
}
