using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Hosting;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Hosting;

/// <summary>
/// The real <c>serve</c> host (<see cref="BotHost.TryBuild"/>) connected to a <see cref="FakeDiscord"/> on 127.0.0.1,
/// past Hello, Identify and READY, with the seed corpus indexed into a temporary folder.
/// </summary>
internal sealed class RunningBot : IAsyncDisposable
{
    public const string CallbackRoute = "POST /interactions/{interaction_id}/{interaction_token}/callback";
    public const string EditOriginalRoute = "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original";
    public const string CreateMessageRoute = "POST /channels/{channel_id}/messages";
    public const string FollowupRoute = "POST /webhooks/{application_id}/{interaction_token}";

    private readonly string _indexDir;

    private RunningBot(FakeDiscord discord, IHost host, FakeGatewaySession session, string indexDir)
    {
        Discord = discord;
        Host = host;
        Session = session;
        _indexDir = indexDir;
    }

    public FakeDiscord Discord { get; }

    public IHost Host { get; }

    public FakeGatewaySession Session { get; }

    public string IndexDir => _indexDir;

    /// <summary>Keeps the index folder on dispose (a test that restarts the bot on it deletes it itself).</summary>
    public bool KeepIndex { get; set; }

    /// <summary>
    /// Starts the host; <paramref name="extraArgs"/> add configuration, <paramref name="logs"/> records every log
    /// line, <paramref name="time"/> replaces the host's TimeProvider (the test then moves time itself),
    /// <paramref name="prepare"/> scripts the fake Discord before the host starts, and with
    /// <paramref name="waitForRegistration"/> it returns only once the commands' bulk overwrite has been answered.
    /// With <paramref name="semantic"/> the bot serves as it does by default, with the sentence-embedding model (loaded
    /// once per test process); without it by words alone, for the tests of the Discord side, where what is answered
    /// does not matter and a model call per question would only slow the floods and soaks down.
    /// </summary>
    public static async Task<RunningBot> StartAsync(
        double cooldownSeconds = 0,
        string? seedsDir = null,
        IEnumerable<string>? extraArgs = null,
        RecordingLoggerProvider? logs = null,
        Action<IServiceCollection>? configureServices = null,
        string? indexDir = null,
        int heartbeatIntervalMs = 41250,
        TimeProvider? time = null,
        Action<FakeDiscord>? prepare = null,
        bool waitForRegistration = true,
        bool semantic = false)
    {
        var discord = await FakeDiscord.StartAsync(time);
        prepare?.Invoke(discord);
        indexDir ??= Path.Combine(Path.GetTempPath(), "bot-e2e-" + Guid.NewGuid().ToString("N"));
        var host = BuildHost(
            discord,
            indexDir,
            seedsDir,
            ["--Bot:CooldownSeconds=" + cooldownSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--Search:Semantic=" + (semantic ? "true" : "false"), .. extraArgs ?? []],
            logs,
            services =>
            {
                if (time is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton(time));
                }

                configureServices?.Invoke(services);
            });
        await host.StartAsync();
        var session = await discord.Gateway.NextSessionAsync();
        await session.SendHelloAsync(heartbeatIntervalMs);
        await session.ReceiveAsync(op: 2);
        await session.SendReadyAsync(guildIds: [FakePayloads.GuildId]);
        if (waitForRegistration)
        {
            await discord.Rest.WaitForRequestAsync(r => r.Route.StartsWith("PUT /applications/", StringComparison.Ordinal));
        }

        return new RunningBot(discord, host, session, indexDir);
    }

    /// <summary>The <c>serve</c> host (<see cref="BotHost.TryBuild"/>) pointed at <paramref name="discord"/>, logging only to <paramref name="logs"/>.</summary>
    public static IHost BuildHost(
        FakeDiscord discord,
        string indexDir,
        string? seedsDir = null,
        IEnumerable<string>? extraArgs = null,
        RecordingLoggerProvider? logs = null,
        Action<IServiceCollection>? configureServices = null)
    {
        string[] args =
        [
            "--Discord:Token=" + FakeDiscord.BotToken,
            "--Discord:ApiBaseUrl=" + discord.ApiBaseUrl,
            "--Discord:CdnBaseUrl=" + discord.BaseUri,
            "--Search:SeedsPath=" + (seedsDir ?? RepositoryPaths.Seeds),
            "--Search:IndexPath=" + indexDir,
            .. extraArgs ?? [],
        ];
        return BotHost.TryBuild(
            args,
            services =>
            {
                services.RemoveAll<ILoggerProvider>();
                if (logs is not null)
                {
                    services.AddSingleton<ILoggerProvider>(logs);
                }

                configureServices?.Invoke(services);
            },
            out var error) ?? throw new InvalidOperationException(error);
    }

    /// <summary>Sends INTERACTION_CREATE and returns the interaction's token, by which its REST calls are found.</summary>
    public async Task<string> SendInteractionAsync(JsonObject interaction)
    {
        await Session.SendDispatchAsync("INTERACTION_CREATE", interaction);
        return interaction["token"]!.GetValue<string>();
    }

    /// <summary>The n-th (1-based) request made with this interaction token.</summary>
    public Task<RecordedRequest> RequestForAsync(string token, string route, int nth = 1)
    {
        // The fake tests each recorded request against the predicate once, in order of arrival.
        var seen = 0;
        return Discord.Rest.WaitForRequestAsync(r => r.Route == route && r.Path.Contains(token, StringComparison.Ordinal) && ++seen == nth);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
        await Discord.DisposeAsync();
        if (KeepIndex)
        {
            return;
        }

        try
        {
            Directory.Delete(_indexDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Message content as a reader sees the words: bold markers and escapes removed.</summary>
    public static string Plain(string content) =>
        System.Text.RegularExpressions.Regex.Replace(content.Replace("**", "", StringComparison.Ordinal), @"\\(.)", "$1");

    public static string Content(RecordedRequest request) =>
        Data(request).TryGetProperty("content", out var content) ? content.GetString() ?? "" : "";

    /// <summary>The message part of a request body: <c>data</c> of an interaction callback, else the body itself.</summary>
    public static JsonElement Data(RecordedRequest request)
    {
        var body = request.Body ?? throw new InvalidOperationException("request without a body");
        return body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : body;
    }
}
