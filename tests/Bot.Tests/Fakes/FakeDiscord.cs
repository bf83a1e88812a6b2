using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Fakes;

/// <summary>
/// A fake Discord on 127.0.0.1 (Kestrel): the gateway WebSocket at /gateway (and /resume for resume_gateway_url)
/// and REST under /api/v10 that records every request and answers with scripted or default responses.
/// </summary>
/// <example>
/// <code>
/// await using var discord = await FakeDiscord.StartAsync(time);
/// // point DiscordRestOptions.BaseUrl at discord.ApiBaseUrl; the gateway URL comes from GET /gateway/bot
/// var session = await discord.Gateway.NextSessionAsync();
/// await session.SendHelloAsync();
/// var identify = await session.ReceiveAsync(op: 2);
/// await session.SendReadyAsync();
/// await session.SendDispatchAsync("INTERACTION_CREATE", FakePayloads.SlashCommand("ask", ("question", "why?")));
/// var callback = await discord.Rest.WaitForRequestAsync(r => r.Path.EndsWith("/callback"));
/// </code>
/// </example>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string BotToken = "fake-bot-token.NEVER.LOG.ME";
    public static readonly string BotUserId = "100000000000000001";
    public static readonly string ApplicationId = "100000000000000002";

    private readonly WebApplication _app;

    private FakeDiscord(WebApplication app, Uri baseUri, TimeProvider timeProvider)
    {
        _app = app;
        BaseUri = baseUri;
        var wsBase = "ws://" + baseUri.Authority;
        GatewayUrl = wsBase + "/gateway";
        ResumeGatewayUrl = wsBase + "/resume";
        Gateway = new FakeGateway(this);
        Rest = new FakeRest(this, timeProvider);
    }

    /// <summary>http://127.0.0.1:{port}/</summary>
    public Uri BaseUri { get; }

    /// <summary>The REST base URL to put in DiscordRestOptions.BaseUrl: http://127.0.0.1:{port}/api/v10.</summary>
    public string ApiBaseUrl => BaseUri + "api/v10";

    /// <summary>What GET /gateway/bot returns as url.</summary>
    public string GatewayUrl { get; }

    /// <summary>What <see cref="FakeGatewaySession.SendReadyAsync"/> sends as resume_gateway_url by default.</summary>
    public string ResumeGatewayUrl { get; }

    public FakeGateway Gateway { get; }

    public FakeRest Rest { get; }

    /// <summary>Files the fake CDN serves under /attachments/, by path.</summary>
    private readonly Dictionary<string, byte[]> _cdn = new(StringComparer.Ordinal);

    /// <summary>How many times the fake CDN was asked for a file.</summary>
    public int CdnDownloads { get; private set; }

    /// <summary>Puts a file on the fake CDN and returns its attachment object [MSG "Attachment Object"], as an interaction resolves it.</summary>
    public System.Text.Json.Nodes.JsonObject Attach(string fileName, byte[] bytes, string contentType)
    {
        var id = FakePayloads.NextId();
        var path = "/attachments/" + FakePayloads.ChannelId + "/" + id + "/" + fileName;
        lock (_cdn)
        {
            _cdn[path] = bytes;
        }

        return new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = id,
            ["filename"] = fileName,
            ["size"] = bytes.Length,
            ["url"] = new Uri(BaseUri, path.TrimStart('/')).AbsoluteUri + "?ex=6740a1b2&is=673f5032&hm=abc123",
            ["proxy_url"] = new Uri(BaseUri, path.TrimStart('/')).AbsoluteUri,
            ["content_type"] = contentType,
        };
    }

    /// <summary>Starts the fake on a free port. Pass the test's FakeTimeProvider to timestamp REST requests in virtual time.</summary>
    public static async Task<FakeDiscord> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        FakeDiscord? fake = null;
        app.Run(context => fake is null ? Task.CompletedTask : fake.HandleAsync(context));
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        var address = addresses.Addresses.First();
        fake = new FakeDiscord(app, new Uri(address.TrimEnd('/') + "/"), timeProvider ?? TimeProvider.System);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.AbortAll();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.WebSockets.IsWebSocketRequest && (path.StartsWith("/gateway", StringComparison.Ordinal) || path.StartsWith("/resume", StringComparison.Ordinal)))
        {
            return Gateway.AcceptAsync(context);
        }

        if (path.StartsWith("/attachments/", StringComparison.Ordinal))
        {
            byte[]? file;
            lock (_cdn)
            {
                CdnDownloads++;
                _cdn.TryGetValue(path, out file);
            }

            if (file is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return context.Response.Body.WriteAsync(file).AsTask();
        }

        if (path.StartsWith("/api/v10/", StringComparison.Ordinal))
        {
            return Rest.HandleAsync(context, path["/api/v10".Length..]);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
