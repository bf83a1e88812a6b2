namespace Bot.Discord.Rest.RateLimits;

/// <summary>
/// A route as the rate limiter sees it: method + template (e.g. "POST /channels/{channel_id}/messages"), the
/// top-level resource it belongs to (channel, guild, webhook id+token, interaction), and whether it is exempt
/// from the global limit (interaction callbacks and interaction webhooks) [RL].
/// </summary>
internal readonly record struct RateLimitRoute(string Method, string Template, string TopLevelResource, bool ExemptFromGlobal)
{
    public string RouteKey => Method + " " + Template;

    /// <summary>Only the template: the top-level resource may contain an interaction token.</summary>
    public override string ToString() => RouteKey;
}

/// <summary>What a response said about rate limits (headers, and the 429 body) [RL].</summary>
internal sealed record RateLimitHeaders
{
    public int StatusCode { get; init; }

    public string? Bucket { get; init; }

    public int? Limit { get; init; }

    public int? Remaining { get; init; }

    public TimeSpan? ResetAfter { get; init; }

    /// <summary>X-RateLimit-Global: true, or "global": true in a 429 body.</summary>
    public bool Global { get; init; }

    /// <summary>X-RateLimit-Scope on 429s: user, global or shared.</summary>
    public string? Scope { get; init; }

    /// <summary>On 429: how long to wait before retrying.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>False for a 429 that did not come from Discord's API (no JSON body or no X-RateLimit-* header): a Cloudflare ban.</summary>
    public bool FromDiscordApi { get; init; } = true;
}
