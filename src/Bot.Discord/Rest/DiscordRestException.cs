using System.Net;
using System.Text.Json;

namespace Bot.Discord.Rest;

/// <summary>
/// Discord answered a REST call with an error. Carries the HTTP status, Discord's JSON error code and message, and
/// the nested "errors" object. The route is a template: ids and tokens from the path are not in the message.
/// </summary>
public class DiscordRestException : Exception
{
    public DiscordRestException()
    {
    }

    public DiscordRestException(string message)
        : base(message)
    {
    }

    public DiscordRestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordRestException(string route, HttpStatusCode statusCode, int? errorCode, string? discordMessage, JsonElement? errors)
        : base(Describe(route, statusCode, errorCode, discordMessage))
    {
        Route = route;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        DiscordMessage = discordMessage;
        Errors = errors;
    }

    /// <summary>The route template, e.g. "POST /channels/{channel_id}/messages".</summary>
    public string Route { get; } = "";

    public HttpStatusCode StatusCode { get; }

    /// <summary>Discord's JSON error code, e.g. 10062 unknown interaction, 50035 invalid form body [OP].</summary>
    public int? ErrorCode { get; }

    public string? DiscordMessage { get; }

    /// <summary>Discord's per-field "errors" object, if any.</summary>
    public JsonElement? Errors { get; }

    private static string Describe(string route, HttpStatusCode statusCode, int? errorCode, string? discordMessage) =>
        errorCode is int code
            ? $"Discord answered {route} with HTTP {(int)statusCode}: {code} {discordMessage}"
            : $"Discord answered {route} with HTTP {(int)statusCode}{(discordMessage is null ? "" : ": " + discordMessage)}";
}

/// <summary>HTTP 401: the bot token is invalid or revoked. Stop using it (invalid requests lead to a ban) [RL].</summary>
public sealed class DiscordUnauthorizedException : DiscordRestException
{
    public DiscordUnauthorizedException()
    {
    }

    public DiscordUnauthorizedException(string message)
        : base(message)
    {
    }

    public DiscordUnauthorizedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordUnauthorizedException(string route, int? errorCode, string? discordMessage)
        : base(route, HttpStatusCode.Unauthorized, errorCode, discordMessage ?? "401: Unauthorized (the bot token was rejected)", null)
    {
    }
}

/// <summary>A request was still rate limited (429) after the configured retries.</summary>
public sealed class DiscordRateLimitedException : DiscordRestException
{
    public DiscordRateLimitedException()
    {
    }

    public DiscordRateLimitedException(string message)
        : base(message)
    {
    }

    public DiscordRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordRateLimitedException(string route, TimeSpan retryAfter, bool global)
        : base(route, HttpStatusCode.TooManyRequests, null, $"rate limited (retry after {retryAfter.TotalSeconds:0.###} s, global: {global})", null)
    {
        RetryAfter = retryAfter;
        IsGlobal = global;
    }

    public TimeSpan RetryAfter { get; }

    public bool IsGlobal { get; }
}

/// <summary>
/// An interaction's token no longer works: Discord answered 401 (50027 invalid webhook token: the token's 15 minutes
/// are over) or 404 (10062 unknown interaction: the 3 s for the first response passed; 10015 unknown webhook), or
/// the token already failed so and the request was not sent again. Nothing sent with that token can succeed; the
/// bot token is fine [RR] [OP].
/// </summary>
public sealed class DiscordInteractionExpiredException : DiscordRestException
{
    public DiscordInteractionExpiredException()
    {
    }

    public DiscordInteractionExpiredException(string message)
        : base(message)
    {
    }

    public DiscordInteractionExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordInteractionExpiredException(string route, HttpStatusCode statusCode, int? errorCode, string? discordMessage)
        : base(route, statusCode, errorCode, "the interaction token has expired or is invalid (" + (discordMessage ?? "no detail") + ")", null)
    {
    }
}

/// <summary>Why the client refused to send a request.</summary>
public enum RequestRefusal
{
    /// <summary>Cloudflare banned this IP (a 429 that did not come from Discord's API): all REST waits out its Retry-After.</summary>
    CloudflareBan = 1,

    /// <summary>The invalid requests of the last 10 minutes reached a limit set well below Cloudflare's 10,000.</summary>
    InvalidRequestBudget = 2,

    /// <summary>The channel (or guild) answered Missing Access, Missing Permissions or Unknown Channel a moment ago.</summary>
    ResourceCoolDown = 3,
}

/// <summary>
/// The client did not send the request, to keep the invalid-request count away from Cloudflare's ban (10,000 401, 403
/// and 429 responses per 10 minutes per IP) [RL]. No request reached Discord; retrying before
/// <see cref="RetryAfter"/> is refused the same way.
/// </summary>
public sealed class DiscordRequestRefusedException : DiscordRestException
{
    public DiscordRequestRefusedException()
    {
    }

    public DiscordRequestRefusedException(string message)
        : base(message)
    {
    }

    public DiscordRequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordRequestRefusedException(string route, RequestRefusal reason, TimeSpan retryAfter)
        : base(Describe(route, reason, retryAfter))
    {
        Reason = reason;
        RetryAfter = retryAfter;
    }

    public RequestRefusal Reason { get; }

    /// <summary>When the refusal ends, at the earliest.</summary>
    public TimeSpan RetryAfter { get; }

    private static string Describe(string route, RequestRefusal reason, TimeSpan retryAfter) => reason switch
    {
        RequestRefusal.CloudflareBan => FormattableString.Invariant($"Not sent: {route}: Cloudflare has banned this IP from Discord's API; all REST calls wait {retryAfter.TotalSeconds:0} s"),
        RequestRefusal.InvalidRequestBudget => FormattableString.Invariant($"Not sent: {route}: too many invalid requests (401/403/429) in the last 10 minutes; retry in {retryAfter.TotalSeconds:0} s"),
        _ => FormattableString.Invariant($"Not sent: {route}: the channel or guild refused the bot (missing access or permissions, or unknown) a moment ago; retry in {retryAfter.TotalSeconds:0} s"),
    };
}

/// <summary>How much a request matters when the invalid-request budget runs low: the least important go first.</summary>
public enum RequestPriority
{
    /// <summary>Answers to interactions (callbacks, edits, followups): a member is waiting on them.</summary>
    Essential = 0,

    /// <summary>The default: answers posted to channels, command registration, lookups.</summary>
    Normal = 1,

    /// <summary>Notices that can go unsaid (busy, cooldown, apologies posted to channels).</summary>
    Optional = 2,
}

/// <summary>A payload breaks one of Discord's documented limits; thrown before sending instead of Discord's 400.</summary>
public sealed class DiscordValidationException : Exception
{
    public DiscordValidationException()
    {
    }

    public DiscordValidationException(string message)
        : base(message)
    {
    }

    public DiscordValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
