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
