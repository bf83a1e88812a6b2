using System.Globalization;
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
/// are never queued behind other requests. A 5xx, a timeout or a dropped connection is retried (jittered, bounded)
/// when the request is safe to send twice; invalid requests are budgeted to stay clear of Cloudflare's ban
/// (<see cref="InvalidRequestGuard"/>). Failures throw <see cref="DiscordRestException"/>:
/// <see cref="DiscordUnauthorizedException"/> for a rejected bot token, <see cref="DiscordInteractionExpiredException"/>
/// for a dead interaction token, <see cref="DiscordRequestRefusedException"/> for a request the client did not send.
/// Register one instance per process: the limiter and the guard are inside.
/// </summary>
public sealed partial class DiscordRestClient
{
    private const string CallbackTemplate = "/interactions/{interaction_id}/{interaction_token}/callback";

    private readonly HttpClient _httpClient;
    private readonly DiscordRestOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly RestRateLimiter _rateLimiter;
    private readonly InvalidRequestGuard _guard;
    private readonly string _baseUrl;
    private readonly AuthenticationHeaderValue _authorization;

    public DiscordRestClient(HttpClient httpClient, DiscordRestOptions options, TimeProvider timeProvider, ILogger<DiscordRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TransientRetries);
        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _rateLimiter = new RestRateLimiter(timeProvider, options.GlobalRequestsPerSecond);
        _guard = new InvalidRequestGuard(timeProvider, options, logger);
        _baseUrl = options.BaseUrl.TrimEnd('/');
        _authorization = new AuthenticationHeaderValue("Bot", options.Token);
    }

    /// <summary>401/403/429 responses in the last 10 minutes (Cloudflare bans an IP at 10,000) [RL].</summary>
    public int InvalidRequestCount => _guard.InvalidRequestCount;

    /// <summary>GET /gateway/bot: the gateway URL, recommended shards and the session start limit [GW].</summary>
    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new RestCall(Get("/gateway/bot", ""), "/gateway/bot"), null, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken);

    /// <summary>GET /users/@me: the bot user; a cheap check that the token works.</summary>
    public Task<User> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new RestCall(Get("/users/@me", ""), "/users/@me"), null, DiscordJsonContext.Default.User, cancellationToken);

    /// <summary>GET /applications/@me: the bot's application (its id is needed for commands and followups).</summary>
    public Task<Application> GetCurrentApplicationAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new RestCall(Get("/applications/@me", ""), "/applications/@me"), null, DiscordJsonContext.Default.Application, cancellationToken);

    /// <summary>GET /applications/{application.id}/commands: the global commands as registered now [AC].</summary>
    public Task<IReadOnlyList<ApplicationCommand>> GetGlobalCommandsAsync(Snowflake applicationId, CancellationToken cancellationToken = default) =>
        SendAsync(
            new RestCall(Get("/applications/{application_id}/commands", ""), $"/applications/{applicationId}/commands"),
            null,
            DiscordJsonContext.Default.IReadOnlyListApplicationCommand,
            cancellationToken);

    /// <summary>GET /applications/{application.id}/guilds/{guild.id}/commands: the guild's commands as registered now [AC].</summary>
    public Task<IReadOnlyList<ApplicationCommand>> GetGuildCommandsAsync(Snowflake applicationId, Snowflake guildId, CancellationToken cancellationToken = default) =>
        SendAsync(
            new RestCall(Get("/applications/{application_id}/guilds/{guild_id}/commands", guildId.ToString()), $"/applications/{applicationId}/guilds/{guildId}/commands"),
            null,
            DiscordJsonContext.Default.IReadOnlyListApplicationCommand,
            cancellationToken);

    /// <summary>PUT /applications/{application.id}/commands: replaces every global command [AC].</summary>
    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(
        Snowflake applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        DiscordLimits.Validate(commands);
        return SendAsync(
            new RestCall(new RateLimitRoute("PUT", "/applications/{application_id}/commands", "", ExemptFromGlobal: false), $"/applications/{applicationId}/commands"),
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
            new RestCall(
                new RateLimitRoute("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", guildId.ToString(), ExemptFromGlobal: false),
                $"/applications/{applicationId}/guilds/{guildId}/commands"),
            JsonContent.Create(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand),
            DiscordJsonContext.Default.IReadOnlyListApplicationCommand,
            cancellationToken);
    }

    /// <summary>
    /// POST /interactions/{id}/{token}/callback: the initial response, due within 3 s of the event [RR]. Exempt from
    /// the global limit and never queued behind other buckets. Retried after a 5xx or a network failure: if the first
    /// try did reach Discord, the retry is answered 40060 (already acknowledged), which counts as done.
    /// </summary>
    public async Task CreateInteractionResponseAsync(
        Snowflake interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        DiscordLimits.Validate(response);
        var call = new RestCall(
            new RateLimitRoute("POST", CallbackTemplate, "interaction:" + interactionId, ExemptFromGlobal: true),
            $"/interactions/{interactionId}/{Uri.EscapeDataString(interactionToken)}/callback",
            RequestPriority.Essential,
            InteractionToken: interactionToken);
        using var sent = await SendWithRetriesAsync(call, JsonContent.Create(response, DiscordJsonContext.Default.InteractionResponse), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>PATCH /webhooks/{application.id}/{token}/messages/@original: edits the (deferred) original response [RR].</summary>
    public Task<Message> EditOriginalResponseAsync(
        Snowflake applicationId, string interactionToken, MessageEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        DiscordLimits.Validate(edit);
        return SendAsync(EditOriginalCall(applicationId, interactionToken), JsonContent.Create(edit, DiscordJsonContext.Default.MessageEdit), DiscordJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>
    /// PATCH @original with files: a multipart/form-data body of <c>payload_json</c> and one <c>files[n]</c> part per
    /// file, the edit's <c>attachments</c> listing exactly these files [REF "Uploading Files"]. Each file is checked
    /// against <paramref name="attachmentSizeLimit"/> (the interaction's <c>attachment_size_limit</c>, else 10 MiB)
    /// before anything is sent.
    /// </summary>
    public Task<Message> EditOriginalResponseAsync(
        Snowflake applicationId, string interactionToken, MessageEdit edit, IReadOnlyList<FileUpload> files, long? attachmentSizeLimit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        ArgumentNullException.ThrowIfNull(edit);
        DiscordLimits.Validate(files, attachmentSizeLimit ?? DiscordLimits.DefaultAttachmentSizeLimit);
        edit = edit with { Attachments = AttachmentsOf(files) };
        DiscordLimits.Validate(edit);
        return SendAsync(
            EditOriginalCall(applicationId, interactionToken),
            Multipart(JsonContent.Create(edit, DiscordJsonContext.Default.MessageEdit), files),
            DiscordJsonContext.Default.Message,
            cancellationToken);
    }

    /// <summary>
    /// POST /webhooks/{application.id}/{token}: a followup message (valid 15 minutes after the interaction) [RR].
    /// Webhooks take no nonce, so a second try could post the message twice: it is retried only when the connection
    /// failed before the request went out.
    /// </summary>
    public Task<Message> CreateFollowupMessageAsync(
        Snowflake applicationId, string interactionToken, InteractionMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        DiscordLimits.Validate(message);
        return SendAsync(FollowupCall(applicationId, interactionToken), JsonContent.Create(message, DiscordJsonContext.Default.InteractionMessage), DiscordJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>
    /// A followup with files, as multipart/form-data (<c>payload_json</c> and <c>files[n]</c>) [REF "Uploading Files"];
    /// the files are checked against <paramref name="attachmentSizeLimit"/> (the interaction's
    /// <c>attachment_size_limit</c>, else 10 MiB) and 25 MiB for the request before it is sent. Retried like any
    /// followup: only when the connection failed before the request went out.
    /// </summary>
    public Task<Message> CreateFollowupMessageAsync(
        Snowflake applicationId, string interactionToken, InteractionMessage message, IReadOnlyList<FileUpload> files, long? attachmentSizeLimit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        ArgumentNullException.ThrowIfNull(message);
        DiscordLimits.Validate(files, attachmentSizeLimit ?? DiscordLimits.DefaultAttachmentSizeLimit);
        message = message with { Attachments = AttachmentsOf(files) };
        DiscordLimits.Validate(message);
        return SendAsync(
            FollowupCall(applicationId, interactionToken),
            Multipart(JsonContent.Create(message, DiscordJsonContext.Default.InteractionMessage), files),
            DiscordJsonContext.Default.Message,
            cancellationToken);
    }

    private static RestCall EditOriginalCall(Snowflake applicationId, string interactionToken) => new(
        new RateLimitRoute("PATCH", "/webhooks/{application_id}/{interaction_token}/messages/@original", WebhookResource(applicationId, interactionToken), ExemptFromGlobal: true),
        $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}/messages/@original",
        RequestPriority.Essential,
        InteractionToken: interactionToken);

    private static RestCall FollowupCall(Snowflake applicationId, string interactionToken) => new(
        new RateLimitRoute("POST", "/webhooks/{application_id}/{interaction_token}", WebhookResource(applicationId, interactionToken), ExemptFromGlobal: true),
        $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}",
        RequestPriority.Essential,
        SafeToRepeat: false,
        InteractionToken: interactionToken);

    /// <summary>The <c>attachments</c> of a message with new files: id n for <c>files[n]</c>.</summary>
    private static AttachmentRequest[] AttachmentsOf(IReadOnlyList<FileUpload> files) =>
        [.. files.Select((f, i) => new AttachmentRequest { Id = i.ToString(CultureInfo.InvariantCulture), Filename = f.FileName, Description = f.Description })];

    /// <summary>
    /// multipart/form-data [REF "Uploading Files"]: the JSON body as <c>payload_json</c>, then each file as
    /// <c>files[n]</c> with its filename. The Content-Disposition is written by hand because RFC 7578 (4.2) forbids
    /// the <c>filename*</c> parameter that HttpClient's own helper adds.
    /// </summary>
    private static MultipartFormDataContent Multipart(HttpContent json, IReadOnlyList<FileUpload> files)
    {
        // A boundary of token characters, sent unquoted as in Discord's own examples: HttpClient quotes it by
        // default, which RFC 2046 allows but simple multipart readers trip over.
        var boundary = "bot-" + Guid.NewGuid().ToString("N");
        var content = new MultipartFormDataContent(boundary);
        if (content.Headers.ContentType?.Parameters.FirstOrDefault(p => p.Name == "boundary") is { } parameter)
        {
            parameter.Value = boundary;
        }

        json.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"payload_json\"" };
        content.Add(json);
        for (var i = 0; i < files.Count; i++)
        {
            var file = new ReadOnlyMemoryContent(files[i].Content);
            file.Headers.ContentType = new MediaTypeHeaderValue(files[i].ContentType);
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = "\"files[" + i.ToString(CultureInfo.InvariantCulture) + "]\"",
                FileName = "\"" + files[i].FileName + "\"",
            };
            content.Add(file);
        }

        return content;
    }

    /// <summary>POST /channels/{channel.id}/messages; set <see cref="MessageCreate.MessageReference"/> to reply [MSG].</summary>
    public Task<Message> CreateMessageAsync(Snowflake channelId, MessageCreate message, CancellationToken cancellationToken = default) =>
        CreateMessageAsync(channelId, message, RequestPriority.Normal, cancellationToken);

    /// <summary>
    /// POST /channels/{channel.id}/messages with a priority: <see cref="RequestPriority.Optional"/> messages are the
    /// first not sent when invalid requests pile up. Without a nonce of its own the message gets one, with
    /// enforce_nonce, so that a retry after a 5xx or a timeout returns the message already created instead of
    /// posting it twice [MSG].
    /// </summary>
    public Task<Message> CreateMessageAsync(Snowflake channelId, MessageCreate message, RequestPriority priority, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        DiscordLimits.Validate(message);
        if (message.Nonce is null)
        {
            // A random 63-bit number: at most 19 digits, within the 25 characters Discord allows.
            message = message with { Nonce = Random.Shared.NextInt64().ToString(CultureInfo.InvariantCulture), EnforceNonce = true };
        }

        return SendAsync(
            new RestCall(new RateLimitRoute("POST", "/channels/{channel_id}/messages", channelId.ToString(), ExemptFromGlobal: false), $"/channels/{channelId}/messages", priority),
            JsonContent.Create(message, DiscordJsonContext.Default.MessageCreate),
            DiscordJsonContext.Default.Message,
            cancellationToken);
    }

    private static RateLimitRoute Get(string template, string topLevelResource) => new("GET", template, topLevelResource, ExemptFromGlobal: false);

    private static string WebhookResource(Snowflake applicationId, string token) => "webhook:" + applicationId + "/" + token;

    private async Task<T> SendAsync<T>(RestCall call, HttpContent? body, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(call, body, cancellationToken).ConfigureAwait(false)
            ?? throw new DiscordRestException($"Discord answered {call.Route} without the expected body.");
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false)
                    ?? throw new DiscordRestException($"Discord answered {call.Route} with an empty body.");
            }
            catch (JsonException ex)
            {
                throw new DiscordRestException($"Discord answered {call.Route} with a body that is not the expected JSON.", ex);
            }
        }
    }

    /// <summary>
    /// Sends until Discord takes the request, a retry budget is spent, or the answer is final. Returns the successful
    /// response, or null for an interaction callback Discord had already taken (40060).
    /// </summary>
    private async Task<HttpResponseMessage?> SendWithRetriesAsync(RestCall call, HttpContent? body, CancellationToken cancellationToken)
    {
        using var ownedBody = body;
        RequestBody? bodyBytes = null;
        if (body is not null)
        {
            // Buffer once so that a retry resends the same bytes (the same nonce, for a channel message; the same
            // multipart boundary, for files).
            var bytes = await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            bodyBytes = new RequestBody(bytes, body is MultipartContent { Headers.ContentType: { } multipart } ? multipart : new MediaTypeHeaderValue("application/json"));
        }

        var route = call.Route;
        var rateLimitRetries = 0;
        var transientRetries = 0;
        while (true)
        {
            HttpResponseMessage response;
            RateLimitHeaders headers;
            DiscordErrorBody? error;
            try
            {
                (response, headers, error) = await SendOnceAsync(call, bodyBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsNetworkFailure(ex, cancellationToken)
                && (call.SafeToRepeat || NeverReachedDiscord(ex))
                && transientRetries < _options.TransientRetries)
            {
                transientRetries++;
                var delay = TransientDelay(transientRetries);
                LogTransientRetry(route.RouteKey, ex.GetType().Name, delay.TotalMilliseconds, transientRetries);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status == 429)
                {
                    var retryAfter = headers.RetryAfter ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);
                    if (!headers.FromDiscordApi)
                    {
                        // Cloudflare's ban, not Discord's limiter: every retry would extend it. Stop all REST for its time.
                        var ban = headers.RetryAfter ?? InvalidRequestGuard.DefaultBan;
                        _guard.Ban(ban);
                        LogCloudflareBan(route.RouteKey, ban.TotalSeconds);
                        throw new DiscordRequestRefusedException(route.ToString(), RequestRefusal.CloudflareBan, ban);
                    }

                    if (rateLimitRetries >= _options.MaxRateLimitRetries)
                    {
                        throw new DiscordRateLimitedException(route.ToString(), retryAfter, headers.Global);
                    }

                    rateLimitRetries++;
                    LogRateLimited(route.RouteKey, retryAfter.TotalSeconds, headers.Global, headers.Scope ?? "", rateLimitRetries);
                    await Task.Delay(retryAfter, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (status >= 500 && call.SafeToRepeat && transientRetries < _options.TransientRetries)
                {
                    transientRetries++;
                    var delay = TransientDelay(transientRetries);
                    LogTransientRetry(route.RouteKey, "HTTP " + status.ToString(CultureInfo.InvariantCulture), delay.TotalMilliseconds, transientRetries);
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var code = error?.Code;
                if (call.InteractionToken is not null && IsDeadInteractionToken(status, code))
                {
                    // The interaction's token, not the bot's: this interaction is over, the bot carries on.
                    LogInteractionExpired(route.RouteKey, status, code ?? 0, error?.Message ?? "");
                    throw new DiscordInteractionExpiredException(route.ToString(), response.StatusCode, code, error?.Message);
                }

                if (status == 401)
                {
                    LogUnauthorized(route.RouteKey);
                    throw new DiscordUnauthorizedException(route.ToString(), code, error?.Message);
                }

                if (route.Template == CallbackTemplate && code == 40060)
                {
                    // An earlier try (or another process on this token) acknowledged the interaction: done.
                    LogAlreadyAcknowledged(route.RouteKey, transientRetries > 0);
                    return null;
                }

                if (IsRefusedResource(route, status, code))
                {
                    LogCoolDown(route.RouteKey, status, code ?? 0, error?.Message ?? "", _options.ResourceCoolDown.TotalMinutes);
                }
                else
                {
                    LogRequestFailed(route.RouteKey, status, code, error?.Message ?? "");
                }

                throw new DiscordRestException(route.ToString(), response.StatusCode, code, error?.Message, error?.Errors);
            }
        }
    }

    /// <summary>
    /// One try: waits for the bucket (and the guard), sends, and reads the rate-limit headers and any error body. A
    /// refusing channel or a dead interaction token is recorded before the bucket is released, so the requests queued
    /// behind this one on the same channel or token are refused without being sent.
    /// </summary>
    private async Task<(HttpResponseMessage Response, RateLimitHeaders Headers, DiscordErrorBody? Error)> SendOnceAsync(
        RestCall call, RequestBody? bodyBytes, CancellationToken cancellationToken)
    {
        var route = call.Route;
        _guard.ThrowIfRefused(route, call.Priority, call.InteractionToken);
        using var lease = await _rateLimiter.AcquireAsync(route, cancellationToken).ConfigureAwait(false);

        // Checked again: while this request queued on its bucket, the one before it may have been refused.
        _guard.ThrowIfRefused(route, call.Priority, call.InteractionToken);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), _baseUrl + call.Path);
        request.Headers.Authorization = _authorization;
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        if (bodyBytes is not null)
        {
            request.Content = new ByteArrayContent(bodyBytes.Bytes);
            request.Content.Headers.ContentType = bodyBytes.ContentType;
        }

        var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        RateLimitHeaders headers;
        DiscordErrorBody? error = null;
        try
        {
            headers = await ReadRateLimitHeadersAsync(response, cancellationToken).ConfigureAwait(false);
            var status = headers.StatusCode;
            if (status is >= 400 and < 500 and not 429)
            {
                error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }

            if (call.InteractionToken is { } interactionToken && IsDeadInteractionToken(status, error?.Code))
            {
                _guard.KillToken(interactionToken);
            }
            else if (IsRefusedResource(route, status, error?.Code))
            {
                _guard.CoolDown(route.TopLevelResource);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }

        _guard.Record(headers.StatusCode, headers.Scope);
        lease.Complete(headers);
        return (response, headers, error);
    }

    /// <summary>A channel or guild that refused the bot: Missing Access, Missing Permissions, Unknown Channel or Guild [OP].</summary>
    private static bool IsRefusedResource(RateLimitRoute route, int status, int? code) =>
        status is 403 or 404 && code is 50001 or 50013 or 10003 or 10004 && !route.ExemptFromGlobal && route.TopLevelResource.Length > 0;

    private TimeSpan TransientDelay(int retry) =>
        _options.TransientRetryDelay * Math.Pow(2, retry - 1) * (0.5 + (Random.Shared.NextDouble() * 0.5));

    /// <summary>401 on a route the interaction token authenticates (50027), or 404 for an interaction or webhook that is gone.</summary>
    private static bool IsDeadInteractionToken(int status, int? code) =>
        status == 401 || (status == 404 && code is 10062 or 10015);

    /// <summary>A dropped or refused connection, or HttpClient's timeout (not the caller's cancellation).</summary>
    private static bool IsNetworkFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Failures before the request was written: safe to retry even for a request that must not be sent twice.</summary>
    private static bool NeverReachedDiscord(Exception ex) =>
        ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    private static async Task<RateLimitHeaders> ReadRateLimitHeadersAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var h = response.Headers;
        var status = (int)response.StatusCode;
        TimeSpan? retryAfter = null;
        var global = string.Equals(Header(h, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase);
        var fromDiscordApi = true;
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

            // Discord's own 429 has a JSON body and X-RateLimit-* headers (at least Scope, even on a global limit)
            // [RL]; Cloudflare's ban page has neither (discord.py tells them apart the same way).
            fromDiscordApi = body is not null && h.Any(header => header.Key.StartsWith("X-RateLimit-", StringComparison.OrdinalIgnoreCase));
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
            FromDiscordApi = fromDiscordApi,
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

    /// <summary>A request body as sent: its bytes and media type (JSON, or multipart/form-data with its boundary).</summary>
    private sealed record RequestBody(byte[] Bytes, MediaTypeHeaderValue ContentType);

    /// <summary>One request as the client sends it: its route, its path (with ids and token), and what may be done to it.</summary>
    /// <param name="Route">The route as the rate limiter sees it.</param>
    /// <param name="Path">The path under the base URL, with ids and token.</param>
    /// <param name="Priority">How soon it is dropped when invalid requests pile up.</param>
    /// <param name="SafeToRepeat">Sending it twice does no harm (idempotent, deduplicated by nonce, or answered 40060).</param>
    /// <param name="InteractionToken">Set on routes the interaction token authenticates, so that a dead token is recognised.</param>
    private readonly record struct RestCall(
        RateLimitRoute Route,
        string Path,
        RequestPriority Priority = RequestPriority.Normal,
        bool SafeToRepeat = true,
        string? InteractionToken = null)
    {
        /// <summary>Only the route template: the path and the token stay out of anything printed.</summary>
        public override string ToString() => Route.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limited on {Route}: retrying in {RetryAfterSeconds} s (global: {Global}, scope: {Scope}, retry {Attempt})")]
    private partial void LogRateLimited(string route, double retryAfterSeconds, bool global, string scope, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Route} failed ({Failure}): retrying in {DelayMs:0} ms (retry {Attempt})")]
    private partial void LogTransientRetry(string route, string failure, double delayMs, int attempt);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cloudflare answered {Route} with 429 without Discord's rate-limit headers: this IP is banned from Discord's API; no REST call is sent for {BanSeconds:0} s")]
    private partial void LogCloudflareBan(string route, double banSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord answered {Route} with 401 Unauthorized: the bot token was rejected")]
    private partial void LogUnauthorized(string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord answered {Route} with HTTP {Status} (code {Code}: {DiscordMessage}): the interaction has expired or is unknown (its token is dead, not the bot's); nothing more is sent with it")]
    private partial void LogInteractionExpired(string route, int status, int code, string discordMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord answered {Route} with 40060 (already acknowledged; after a retry: {AfterRetry}): counted as done")]
    private partial void LogAlreadyAcknowledged(string route, bool afterRetry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord answered {Route} with HTTP {Status} (code {Code}: {DiscordMessage}): nothing is sent to that channel or guild for {CoolDownMinutes:0} min")]
    private partial void LogCoolDown(string route, int status, int code, string discordMessage, double coolDownMinutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord answered {Route} with HTTP {Status} (code {Code}): {DiscordMessage}")]
    private partial void LogRequestFailed(string route, int status, int? code, string discordMessage);
}
