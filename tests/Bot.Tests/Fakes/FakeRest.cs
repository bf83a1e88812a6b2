using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Bot.Tests.Fakes;

/// <summary>A REST request the fake received. <see cref="Route"/> is the matched template (e.g. "POST /channels/{channel_id}/messages").</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string Route,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement? Body,
    DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The files of a multipart/form-data request (<see cref="Body"/> is then its payload_json), in order.</summary>
    public IReadOnlyList<RecordedFile> Files { get; init; } = [];
}

/// <summary>A <c>files[n]</c> part of a multipart/form-data request.</summary>
public sealed record RecordedFile(string Name, string FileName, string? ContentType, byte[] Content);

/// <summary>A scripted REST response. Combine the factories with the With* methods.</summary>
public sealed record FakeResponse(int Status, string? Json, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A slow Discord: the response is held back this long (real time) after the request is recorded.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>A task the response waits for before it is sent (a test holds a response back until it lets go).</summary>
    public Task? HoldUntil { get; init; }

    /// <summary>Drop the connection instead of answering (the client sees a reset).</summary>
    public bool Abort { get; init; }

    /// <summary>Content-Type of the body (JSON unless set).</summary>
    public string ContentType { get; init; } = "application/json";

    public static FakeResponse Ok(JsonNode? body) => new(200, body?.ToJsonString(), new Dictionary<string, string>());

    public static FakeResponse NoContent() => new(204, null, new Dictionary<string, string>());

    /// <summary>A Discord JSON error: <c>{"code": code, "message": message}</c>.</summary>
    public static FakeResponse Error(int status, int code, string message) =>
        new(status, new JsonObject { ["code"] = code, ["message"] = message }.ToJsonString(), new Dictionary<string, string>());

    /// <summary>A 429 as Discord sends it: body with retry_after/global, Retry-After header, and X-RateLimit-Global/Scope.</summary>
    public static FakeResponse RateLimited(double retryAfterSeconds, bool global = false, string scope = "user")
    {
        var headers = new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfterSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Scope"] = global ? "global" : scope,
        };
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        var body = new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfterSeconds, ["global"] = global };
        return new FakeResponse(429, body.ToJsonString(), headers);
    }

    /// <summary>
    /// A Cloudflare ban as bots meet it: 429 with an HTML page and Retry-After, and none of Discord's X-RateLimit-*
    /// headers or JSON [RL] "Invalid Request Limit".
    /// </summary>
    public static FakeResponse CloudflareBan(int retryAfterSeconds) =>
        new(429, "<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head><body>Error 1015: You are being rate limited.</body></html>",
            new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) })
        {
            ContentType = "text/html; charset=UTF-8",
        };

    /// <summary>The connection dropped before an answer.</summary>
    public static FakeResponse Reset() => new(0, null, new Dictionary<string, string>()) { Abort = true };

    /// <summary>Adds X-RateLimit-Bucket/-Limit/-Remaining/-Reset-After (and -Reset) headers.</summary>
    public FakeResponse WithRateLimit(string bucket, int limit, int remaining, double resetAfterSeconds)
    {
        var headers = new Dictionary<string, string>(Headers)
        {
            ["X-RateLimit-Bucket"] = bucket,
            ["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Reset-After"] = resetAfterSeconds.ToString("0.000", CultureInfo.InvariantCulture),
            ["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + resetAfterSeconds).ToString("0.000", CultureInfo.InvariantCulture),
        };
        return this with { Headers = headers };
    }
}

/// <summary>
/// The REST side of <see cref="FakeDiscord"/>: records every request (method, path, headers, JSON body, virtual time)
/// and answers with the next scripted response for the route, else a default shaped like Discord's.
/// </summary>
public sealed class FakeRest
{
    private static readonly string[] Templates =
    [
        "GET /gateway/bot",
        "GET /users/@me",
        "GET /applications/@me",
        "GET /applications/{application_id}/commands",
        "GET /applications/{application_id}/guilds/{guild_id}/commands",
        "PUT /applications/{application_id}/commands",
        "PUT /applications/{application_id}/guilds/{guild_id}/commands",
        "POST /interactions/{interaction_id}/{interaction_token}/callback",
        "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original",
        "POST /webhooks/{application_id}/{interaction_token}",
        "POST /channels/{channel_id}/messages",
    ];

    private readonly FakeDiscord _discord;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(Func<RecordedRequest, bool> Predicate, TaskCompletionSource<RecordedRequest> Waiter)> _waiters = [];
    private readonly Dictionary<string, Queue<FakeResponse>> _scripted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<RecordedRequest, FakeResponse>> _defaults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonArray> _commands = new(StringComparer.Ordinal);
    private int _ids;

    internal FakeRest(FakeDiscord discord, TimeProvider timeProvider)
    {
        _discord = discord;
        _timeProvider = timeProvider;
    }

    /// <summary>Keep every request for <see cref="Requests"/> (default). A soak turns it off so that memory stays flat; waiters still see each request.</summary>
    public bool KeepRequests { get; set; } = true;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Queues a one-shot response for a route template, e.g. ("POST /channels/{channel_id}/messages", FakeResponse.RateLimited(2.5)).</summary>
    public void Enqueue(string route, FakeResponse response)
    {
        CheckRoute(route);
        lock (_gate)
        {
            if (!_scripted.TryGetValue(route, out var queue))
            {
                _scripted[route] = queue = new Queue<FakeResponse>();
            }

            queue.Enqueue(response);
        }
    }

    /// <summary>Replaces the default answer of a route (used when nothing is queued).</summary>
    public void SetDefault(string route, Func<RecordedRequest, FakeResponse> responder)
    {
        CheckRoute(route);
        lock (_gate)
        {
            _defaults[route] = responder;
        }
    }

    /// <summary>Waits until a request matching <paramref name="predicate"/> has been recorded (including earlier ones).</summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan? timeout = null)
    {
        TaskCompletionSource<RecordedRequest> waiter;
        lock (_gate)
        {
            if (_requests.FirstOrDefault(predicate) is { } existing)
            {
                return Task.FromResult(existing);
            }

            waiter = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, waiter));
        }

        return waiter.Task.WaitAsync(timeout ?? FakeTimeouts.Guard);
    }

    /// <summary>Waits until at least <paramref name="count"/> requests on <paramref name="route"/> have been recorded.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForCountAsync(string route, int count, TimeSpan? timeout = null)
    {
        var matched = 0;
        await WaitForRequestAsync(r => r.Route == route && ++matched >= count, timeout);
        return [.. Requests.Where(r => r.Route == route)];
    }

    internal async Task HandleAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        var route = Match(method, path);
        JsonElement? body = null;
        IReadOnlyList<RecordedFile> files = [];
        string? invalid = null;
        if (context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            (body, files, invalid) = await FakeMultipart.ReadAsync(context.Request);
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            if (text.Length > 0)
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(method, path, context.Request.QueryString.Value ?? "", route, headers, body, _timeProvider.GetUtcNow()) { Files = files };
        FakeResponse response;
        lock (_gate)
        {
            if (KeepRequests)
            {
                _requests.Add(request);
            }

            response = invalid is not null
                ? invalid.StartsWith("413", StringComparison.Ordinal) ? FakeResponse.Error(413, 40005, "Request entity too large") : FakeResponse.Error(400, 50035, "Invalid Form Body: " + invalid)
                : _scripted.TryGetValue(route, out var queue) && queue.Count > 0
                ? queue.Dequeue()
                : _defaults.TryGetValue(route, out var responder) ? responder(request) : Default(request);
        }

        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay);
        }

        if (response.HoldUntil is { } hold)
        {
            await hold.WaitAsync(FakeTimeouts.Guard);
        }

        if (response.Abort)
        {
            context.Abort();
            ReleaseWaiters(request);
            return;
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Json is not null)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Json);
        }

        await context.Response.CompleteAsync();

        // Waiters are released after the response is on its way, like the real thing.
        ReleaseWaiters(request);
    }

    /// <summary>The commands registered on a scope by the last bulk overwrite (what GET returns), e.g. "/applications/{id}/commands".</summary>
    public JsonArray RegisteredCommands(string path)
    {
        lock (_gate)
        {
            return _commands.TryGetValue(path, out var commands) ? (JsonArray)commands.DeepClone() : [];
        }
    }

    /// <summary>Sets what GET returns for a scope, as if an earlier run had registered <paramref name="commands"/>.</summary>
    public void SetRegisteredCommands(string path, JsonArray commands)
    {
        lock (_gate)
        {
            _commands[path] = (JsonArray)commands.DeepClone();
        }
    }

    private void ReleaseWaiters(RecordedRequest request)
    {
        lock (_gate)
        {
            foreach (var (predicate, waiter) in _waiters.ToList())
            {
                if (predicate(request))
                {
                    _waiters.Remove((predicate, waiter));
                    waiter.TrySetResult(request);
                }
            }
        }
    }

    private static string Match(string method, string path)
    {
        foreach (var template in Templates)
        {
            var space = template.IndexOf(' ', StringComparison.Ordinal);
            if (!string.Equals(template[..space], method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var pattern = "^" + Regex.Replace(Regex.Escape(template[(space + 1)..]), @"\\\{[a-z_]+}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern))
            {
                return template;
            }
        }

        return method + " " + path;
    }

    private static void CheckRoute(string route)
    {
        if (!Templates.Contains(route) && !route.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unknown route '{route}': use a template such as '{Templates[^1]}' or 'METHOD /exact/path'.");
        }
    }

    private FakeResponse Default(RecordedRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (request.Route)
        {
            case "GET /gateway/bot":
                return FakeResponse.Ok(new JsonObject
                {
                    ["url"] = _discord.GatewayUrl,
                    ["shards"] = 1,
                    ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 14400000, ["max_concurrency"] = 1 },
                });
            case "GET /users/@me":
                return FakeResponse.Ok(FakePayloads.BotUser());
            case "GET /applications/@me":
                return FakeResponse.Ok(new JsonObject { ["id"] = FakeDiscord.ApplicationId, ["name"] = "fake-app", ["flags"] = 0 });
            case "GET /applications/{application_id}/commands":
            case "GET /applications/{application_id}/guilds/{guild_id}/commands":
                return FakeResponse.Ok(_commands.TryGetValue(request.Path, out var registered) ? registered.DeepClone() : new JsonArray());
            case "PUT /applications/{application_id}/commands":
            case "PUT /applications/{application_id}/guilds/{guild_id}/commands":
                var commands = new JsonArray();
                foreach (var command in request.Body?.EnumerateArray() ?? Enumerable.Empty<JsonElement>())
                {
                    var node = JsonSerializer.SerializeToNode(command) as JsonObject ?? [];
                    node["id"] = (700000000000000000 + Interlocked.Increment(ref _ids)).ToString(CultureInfo.InvariantCulture);
                    node["application_id"] = segments[1];
                    node["version"] = "800000000000000001";
                    if (segments.Length > 4)
                    {
                        node["guild_id"] = segments[3];
                    }

                    commands.Add(node);
                }

                // Called under _gate: what GET returns from now on.
                _commands[request.Path] = (JsonArray)commands.DeepClone();
                return FakeResponse.Ok(commands);
            case "POST /interactions/{interaction_id}/{interaction_token}/callback":
                return FakeResponse.NoContent();
            case "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original":
            case "POST /webhooks/{application_id}/{interaction_token}":
                return FakeResponse.Ok(SentMessage(request, FakePayloads.ChannelId, webhookId: segments[1]));
            case "POST /channels/{channel_id}/messages":
                return FakeResponse.Ok(SentMessage(request, segments[1], webhookId: null));
            default:
                return FakeResponse.Error(404, 0, "404: Not Found");
        }
    }

    private static JsonObject SentMessage(RecordedRequest request, string channelId, string? webhookId)
    {
        var content = request.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetString() ?? ""
            : "";
        var message = FakePayloads.MessageCreate(content, author: FakePayloads.BotUser(), channelId: channelId, guildId: null);
        var attachments = new JsonArray();
        foreach (var file in request.Files)
        {
            attachments.Add(new JsonObject
            {
                ["id"] = FakePayloads.NextId(),
                ["filename"] = file.FileName,
                ["size"] = file.Content.Length,
                ["url"] = "https://cdn.discord.test/attachments/" + file.FileName,
                ["proxy_url"] = "https://media.discord.test/attachments/" + file.FileName,
                ["content_type"] = file.ContentType,
            });
        }

        message["attachments"] = attachments;
        if (webhookId is not null)
        {
            message["webhook_id"] = webhookId;
            message["application_id"] = webhookId;
        }

        return message;
    }
}
