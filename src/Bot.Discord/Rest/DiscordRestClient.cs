using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bot.Discord.Models;
using Bot.Discord.Rest.RateLimits;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Rest;

/// <summary>
/// Discord REST over <see cref="HttpClient"/>, with per-bucket and global rate limits learned from headers [RL].
/// Interaction callbacks and interaction webhooks skip the global limit and get their own per-token bucket, so they
/// are never queued behind other requests. Failures throw <see cref="DiscordRestException"/>
/// (<see cref="DiscordUnauthorizedException"/> for 401). Register one instance per process: the limiter is inside.
/// </summary>
public sealed partial class DiscordRestClient
{
    private readonly HttpClient _httpClient;
    private readonly DiscordRestOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly RestRateLimiter _rateLimiter;
    private readonly string _baseUrl;
    private readonly AuthenticationHeaderValue _authorization;

    public DiscordRestClient(HttpClient httpClient, DiscordRestOptions options, TimeProvider timeProvider, ILogger<DiscordRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _rateLimiter = new RestRateLimiter(timeProvider, options.GlobalRequestsPerSecond);
        _baseUrl = options.BaseUrl.TrimEnd('/');
        _authorization = new AuthenticationHeaderValue("Bot", options.Token);
    }

    /// <summary>401/403/429 responses in the last 10 minutes (Cloudflare bans an IP at 10,000) [RL].</summary>
    public int InvalidRequestCount => _rateLimiter.InvalidRequestCount;

    /// <summary>GET /gateway/bot: the gateway URL, recommended shards and the session start limit [GW].</summary>
    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Get("/gateway/bot", ""), "/gateway/bot", null, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken);

    /// <summary>GET /users/@me: the bot user; a cheap check that the token works.</summary>
    public Task<User> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Get("/users/@me", ""), "/users/@me", null, DiscordJsonContext.Default.User, cancellationToken);

    /// <summary>GET /applications/@me: the bot's application (its id is needed for commands and followups).</summary>
    public Task<Application> GetCurrentApplicationAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Get("/applications/@me", ""), "/applications/@me", null, DiscordJsonContext.Default.Application, cancellationToken);

    /// <summary>PUT /applications/{application.id}/commands: replaces every global command [AC].</summary>
    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(
        Snowflake applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        DiscordLimits.Validate(commands);
        return SendAsync(
            new RateLimitRoute("PUT", "/applications/{application_id}/commands", "", ExemptFromGlobal: false),
            $"/applications/{applicationId}/commands",
            JsonContent.Create(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand),
            DiscordJsonContext.Default.IReadOnlyListApplicationCommand,
            cancellationToken);
    }

    /// <summary>PUT /applications/{application.id}/guilds/{guild.id}/commands: replaces the guild's commands (instant) [AC].</summary>
    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(
        Snowflake applicationId, Snowflake guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        DiscordLimits.Validate(commands);
        return SendAsync(
            new RateLimitRoute("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", guildId.ToString(), ExemptFromGlobal: false),
            $"/applications/{applicationId}/guilds/{guildId}/commands",
            JsonContent.Create(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand),
            DiscordJsonContext.Default.IReadOnlyListApplicationCommand,
            cancellationToken);
    }

    /// <summary>
    /// POST /interactions/{id}/{token}/callback: the initial response, due within 3 s of the event [RR]. Exempt from
    /// the global limit and never queued behind other buckets.
    /// </summary>
    public Task CreateInteractionResponseAsync(
        Snowflake interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        DiscordLimits.Validate(response);
        return SendAsync(
            new RateLimitRoute("POST", "/interactions/{interaction_id}/{interaction_token}/callback", "interaction:" + interactionId, ExemptFromGlobal: true),
            $"/interactions/{interactionId}/{Uri.EscapeDataString(interactionToken)}/callback",
            JsonContent.Create(response, DiscordJsonContext.Default.InteractionResponse),
            cancellationToken);
    }

    /// <summary>PATCH /webhooks/{application.id}/{token}/messages/@original: edits the (deferred) original response [RR].</summary>
    public Task<Message> EditOriginalResponseAsync(
        Snowflake applicationId, string interactionToken, MessageEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        DiscordLimits.Validate(edit);
        return SendAsync(
            new RateLimitRoute("PATCH", "/webhooks/{application_id}/{interaction_token}/messages/@original", WebhookResource(applicationId, interactionToken), ExemptFromGlobal: true),
            $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}/messages/@original",
            JsonContent.Create(edit, DiscordJsonContext.Default.MessageEdit),
            DiscordJsonContext.Default.Message,
            cancellationToken);
    }

    /// <summary>POST /webhooks/{application.id}/{token}: a followup message (valid 15 minutes after the interaction) [RR].</summary>
    public Task<Message> CreateFollowupMessageAsync(
        Snowflake applicationId, string interactionToken, InteractionMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        DiscordLimits.Validate(message);
        return SendAsync(
            new RateLimitRoute("POST", "/webhooks/{application_id}/{interaction_token}", WebhookResource(applicationId, interactionToken), ExemptFromGlobal: true),
            $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}",
            JsonContent.Create(message, DiscordJsonContext.Default.InteractionMessage),
            DiscordJsonContext.Default.Message,
            cancellationToken);
    }

    /// <summary>POST /channels/{channel.id}/messages; set <see cref="MessageCreate.MessageReference"/> to reply [MSG].</summary>
    public Task<Message> CreateMessageAsync(Snowflake channelId, MessageCreate message, CancellationToken cancellationToken = default)
    {
        DiscordLimits.Validate(message);
        return SendAsync(
            new RateLimitRoute("POST", "/channels/{channel_id}/messages", channelId.ToString(), ExemptFromGlobal: false),
            $"/channels/{channelId}/messages",
            JsonContent.Create(message, DiscordJsonContext.Default.MessageCreate),
            DiscordJsonContext.Default.Message,
            cancellationToken);
    }

    private static RateLimitRoute Get(string template, string topLevelResource) => new("GET", template, topLevelResource, ExemptFromGlobal: false);

    private static string WebhookResource(Snowflake applicationId, string token) => "webhook:" + applicationId + "/" + token;

    private async Task SendAsync(RateLimitRoute route, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(route, path, body, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(RateLimitRoute route, string path, HttpContent? body, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(route, path, body, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false)
                    ?? throw new DiscordRestException($"Discord answered {route} with an empty body.");
            }
            catch (JsonException ex)
            {
                throw new DiscordRestException($"Discord answered {route} with a body that is not the expected JSON.", ex);
            }
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(RateLimitRoute route, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        using var ownedBody = body;
        byte[]? bodyBytes = null;
        if (body is not null)
        {
            // Buffer once so that a 429 retry can resend the same bytes.
            bodyBytes = await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            RateLimitHeaders headers;
            using (var lease = await _rateLimiter.AcquireAsync(route, cancellationToken).ConfigureAwait(false))
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), _baseUrl + path);
                request.Headers.Authorization = _authorization;
                request.Headers.UserAgent.ParseAdd(_options.UserAgent);
                if (bodyBytes is not null)
                {
                    request.Content = new ByteArrayContent(bodyBytes);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                try
                {
                    headers = await ReadRateLimitHeadersAsync(response, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                lease.Complete(headers);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = headers.RetryAfter ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);
                    if (attempt >= _options.MaxRateLimitRetries)
                    {
                        throw new DiscordRateLimitedException(route.ToString(), retryAfter, headers.Global);
                    }

                    LogRateLimited(route.RouteKey, retryAfter.TotalSeconds, headers.Global, headers.Scope ?? "", attempt + 1);
                    await Task.Delay(retryAfter, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    LogUnauthorized(route.RouteKey);
                    throw new DiscordUnauthorizedException(route.ToString(), error?.Code, error?.Message);
                }

                LogRequestFailed(route.RouteKey, (int)response.StatusCode, error?.Code, error?.Message ?? "");
                throw new DiscordRestException(route.ToString(), response.StatusCode, error?.Code, error?.Message, error?.Errors);
            }
        }
    }

    private static async Task<RateLimitHeaders> ReadRateLimitHeadersAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var h = response.Headers;
        var status = (int)response.StatusCode;
        TimeSpan? retryAfter = null;
        var global = string.Equals(Header(h, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase);
        if (status == 429)
        {
            var body = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            if (body?.RetryAfter is double seconds)
            {
                retryAfter = TimeSpan.FromSeconds(seconds);
            }
            else if (ParseDouble(Header(h, "Retry-After")) is double headerSeconds)
            {
                retryAfter = TimeSpan.FromSeconds(headerSeconds);
            }

            global |= body?.Global == true;
        }

        return new RateLimitHeaders
        {
            StatusCode = status,
            Bucket = Header(h, "X-RateLimit-Bucket"),
            Limit = (int?)ParseDouble(Header(h, "X-RateLimit-Limit")),
            Remaining = (int?)ParseDouble(Header(h, "X-RateLimit-Remaining")),
            ResetAfter = ParseDouble(Header(h, "X-RateLimit-Reset-After")) is double reset ? TimeSpan.FromSeconds(reset) : null,
            Global = global,
            Scope = Header(h, "X-RateLimit-Scope"),
            RetryAfter = retryAfter,
        };
    }

    private static async Task<DiscordErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            // Not Discord JSON (e.g. a Cloudflare HTML page): report the status alone.
            return null;
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double? ParseDouble(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limited on {Route}: retrying in {RetryAfterSeconds} s (global: {Global}, scope: {Scope}, retry {Attempt})")]
    private partial void LogRateLimited(string route, double retryAfterSeconds, bool global, string scope, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord answered {Route} with 401 Unauthorized: the bot token was rejected")]
    private partial void LogUnauthorized(string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord answered {Route} with HTTP {Status} (code {Code}): {DiscordMessage}")]
    private partial void LogRequestFailed(string route, int status, int? code, string discordMessage);
}
