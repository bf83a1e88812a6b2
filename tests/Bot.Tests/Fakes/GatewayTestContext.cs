using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.Fakes;

/// <summary>
/// A FakeDiscord plus a real DiscordRestClient and GatewayClient wired to it, with virtual time. Reads events one
/// at a time with a real-time guard against hangs.
/// </summary>
public sealed class GatewayTestContext : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private readonly bool _ownsDiscord;
    private IAsyncEnumerator<GatewayEvent>? _events;

    private GatewayTestContext(FakeDiscord discord, bool ownsDiscord, ObservableTimeProvider time, Func<GatewayOptions, GatewayOptions>? configure, Func<IGatewayTransport>? transportFactory)
    {
        Discord = discord;
        _ownsDiscord = ownsDiscord;
        Time = time;

        // REST's own retries of a 5xx are tested in DiscordRestClientTests; here a scripted 5xx reaches the gateway at once.
        Rest = new DiscordRestClient(_http, new DiscordRestOptions { Token = FakeDiscord.BotToken, BaseUrl = discord.ApiBaseUrl, TransientRetries = 0 }, time, NullLogger<DiscordRestClient>.Instance);
        var options = new GatewayOptions { Token = FakeDiscord.BotToken, ReconnectDelays = [TimeSpan.Zero] };
        Options = configure?.Invoke(options) ?? options;
        Logger = new RecordingLogger<GatewayClient>();
        Client = new GatewayClient(Options, Rest, time, Logger, transportFactory);
    }

    public FakeDiscord Discord { get; }

    public ObservableTimeProvider Time { get; }

    public DiscordRestClient Rest { get; }

    public GatewayOptions Options { get; }

    public GatewayClient Client { get; }

    public RecordingLogger<GatewayClient> Logger { get; }

    /// <summary>Starts the client; pass <paramref name="discord"/> (and its <paramref name="time"/>) to script REST first, else a new fake is started.</summary>
    public static async Task<GatewayTestContext> StartAsync(
        Func<GatewayOptions, GatewayOptions>? configure = null,
        Func<IGatewayTransport>? transportFactory = null,
        FakeDiscord? discord = null,
        ObservableTimeProvider? time = null)
    {
        time ??= new ObservableTimeProvider();
        var owns = discord is null;
        discord ??= await FakeDiscord.StartAsync(time);
        var context = new GatewayTestContext(discord, owns, time, configure, transportFactory);
        await context.Client.StartAsync();
        return context;
    }

    /// <summary>Accepts the next connection, sends Hello, expects Identify, sends READY; returns the session and the Identify payload.</summary>
    public async Task<(FakeGatewaySession Session, System.Text.Json.JsonElement Identify)> HandshakeAsync(int heartbeatIntervalMs = 41250)
    {
        var session = await Discord.Gateway.NextSessionAsync();
        await session.SendHelloAsync(heartbeatIntervalMs);
        var identify = await session.ReceiveAsync(op: 2);
        await session.SendReadyAsync();
        Assert.IsType<ReadyEvent>(await NextEventAsync());
        return (session, identify);
    }

    /// <summary>
    /// Moves virtual time by <paramref name="interval"/>, expects the heartbeat, and (if the fake acknowledges it)
    /// waits until the client has processed the ACK, so the next advance cannot see a stale "ACK pending".
    /// </summary>
    public async Task<System.Text.Json.JsonElement> BeatAsync(FakeGatewaySession session, TimeSpan interval)
    {
        var acks = Logger.Lines.Count(IsAck);
        Time.Advance(interval);
        var beat = await session.ReceiveAsync(op: 1);
        if (session.AutoAckHeartbeats)
        {
            await Logger.WaitForCountAsync(IsAck, acks + 1);
        }

        return beat;
    }

    private static bool IsAck(string line) => line.Contains("Heartbeat ACK", StringComparison.Ordinal);

    public async Task<GatewayEvent> NextEventAsync(TimeSpan? timeout = null)
    {
        _events ??= Client.ReadEventsAsync().GetAsyncEnumerator();
        var moved = await _events.MoveNextAsync().AsTask().WaitAsync(timeout ?? FakeTimeouts.Guard);
        Assert.True(moved, "the event stream ended");
        return _events.Current;
    }

    public async Task<T> NextEventAsync<T>()
        where T : GatewayEvent => Assert.IsType<T>(await NextEventAsync());

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (_events is not null)
        {
            await _events.DisposeAsync();
        }

        if (_ownsDiscord)
        {
            await Discord.DisposeAsync();
        }

        _http.Dispose();
    }
}
