using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Bot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Hosting;

/// <summary>Figures of one soak run.</summary>
public sealed record SoakFigures(
    int Interactions,
    int Redelivered,
    IReadOnlyDictionary<string, int> Faults,
    int Answered,
    int Busy,
    int Lost,
    int Doubled,
    long MemoryBefore,
    long MemoryMiddle,
    long MemoryAfter,
    TimeSpan Elapsed)
{
    public int FaultCount => Faults.Values.Sum();

    public override string ToString() =>
        $"interactions {Interactions} (+{Redelivered} re-delivered duplicates), faults {FaultCount} "
        + $"({string.Join(", ", Faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))}), "
        + $"answered {Answered} (of which busy {Busy}), lost {Lost}, doubled {Doubled}, "
        + $"memory before {MemoryBefore / 1024.0 / 1024.0:0.0} MB, half-way {MemoryMiddle / 1024.0 / 1024.0:0.0} MB, after {MemoryAfter / 1024.0 / 1024.0:0.0} MB, in {Elapsed.TotalSeconds:0.0} s";
}

/// <summary>
/// Drives the real host against the fake Discord with faults: gateway closes (4000, 1006 aborts), op 7, op 9
/// (resumable or not), missed heartbeat ACKs, and on REST 429s, 500s and slow responses; resumes replay the events
/// the client had not acknowledged, and some interactions are delivered twice. Counts, per interaction token, the
/// initial responses Discord accepted: each must be exactly 1.
/// </summary>
internal sealed class SoakDriver
{
    private const string Callback = RunningBot.CallbackRoute;
    private const string Edit = RunningBot.EditOriginalRoute;
    private const int ReplayWindow = 500;

    private static readonly string[] Questions =
    [
        "How long do ICE detainers hold people?",
        "Who is the executive director of LEAP?",
        "What did the ACLU urge the Biden administration to do?",
        "Why do crimes go unsolved?",
        "What is the recipe for banana bread?",
        "287(g) program @everyone <@123> **bold** `code`",
    ];

    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, int> _initialResponses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _busyTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _requestsPerKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _faults = new(StringComparer.Ordinal);
    private readonly List<(int Sequence, JsonObject Interaction)> _sent = [];
    private readonly List<string> _tokens = [];
    private readonly List<string> _ids = [];
    private readonly HashSet<string> _givenUp = new(StringComparer.Ordinal);
    private readonly List<string> _timeline = [];
    private int _restLeaks;

    public SoakDriver(int seed) => _random = new Random(seed);

    /// <summary>REST bodies that carried the bot token (must stay 0).</summary>
    public int RestLeaks => Volatile.Read(ref _restLeaks);

    /// <summary>
    /// How much faster than real time the gateway's clock runs. Heartbeats are made fast by a short interval in Hello
    /// (<see cref="HeartbeatIntervalMs"/>), not by the clock alone: a clock 100x fast also shrank the client's 30 s
    /// Hello timeout to 0.3 s of real time, so on a loaded machine the client gave up on connections the fake was
    /// still greeting, and what the soak sent on them was lost.
    /// </summary>
    public const double ClockFactor = 10;

    /// <summary>Heartbeat interval the fake announces: 0.41 s of real time at <see cref="ClockFactor"/>.</summary>
    public const int HeartbeatIntervalMs = 4125;

    /// <summary>Registrations that make the gateway's timers <see cref="ClockFactor"/> times faster and its reconnects immediate.</summary>
    public static void ConfigureFastGateway(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton(sp => new GatewayClient(
            new GatewayOptions { Token = FakeDiscord.BotToken, ReconnectDelays = [TimeSpan.FromMilliseconds(5)] },
            sp.GetRequiredService<DiscordRestClient>(),
            new AcceleratedTimeProvider(ClockFactor),
            sp.GetRequiredService<ILogger<GatewayClient>>())));

    public async Task<SoakFigures> RunAsync(RunningBot bot, int interactions, double faultRate, Action<string>? log = null)
    {
        var discord = bot.Discord;
        discord.Rest.KeepRequests = false;
        discord.Rest.SetDefault(Callback, OnCallback);
        discord.Rest.SetDefault(Edit, OnEdit);
        var session = bot.Session;
        var started = System.Diagnostics.Stopwatch.StartNew();

        // Warm up (JIT, Lucene caches, connection pool) before the memory baseline.
        for (var i = 0; i < 30; i++)
        {
            session = await SendAsync(bot, session, NextInteraction());
        }

        session = await QuiesceAsync(bot, session);
        var before = Memory();
        var middle = before;

        var redelivered = 0;
        for (var i = 0; i < interactions; i++)
        {
            if (session.Closed.IsCompleted)
            {
                // The client left on its own (a heartbeat ACK came late on a busy machine: zombie): let it resume.
                _faults.AddOrUpdate("client-detected zombie", 1, (_, n) => n + 1);
                session = await HandshakeAsync(bot);
            }

            if (Roll() < faultRate)
            {
                try
                {
                    session = await InjectGatewayFaultAsync(bot, session, log);
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
                {
                    _faults.AddOrUpdate("client-detected zombie", 1, (_, n) => n + 1);
                    session = await HandshakeAsync(bot);
                }
            }

            if (Roll() < 0.05 && _sent.Count > 0)
            {
                // The same interaction delivered again under a new sequence number: the bot must not answer twice.
                var (_, earlier) = _sent[_random.Next(_sent.Count)];
                session = await SendAsync(bot, session, (JsonObject)earlier.DeepClone(), track: false);
                redelivered++;
            }

            session = await SendAsync(bot, session, NextInteraction());
            if (i == (interactions / 2) - 1)
            {
                session = await QuiesceAsync(bot, session);
                middle = Memory();
            }
        }

        await QuiesceAsync(bot, session);
        var after = Memory();
        var answered = _tokens.Count(t => _initialResponses.GetValueOrDefault(t) == 1);
        var lost = _tokens.Count(t => _initialResponses.GetValueOrDefault(t) == 0);
        var doubled = _tokens.Count(t => _initialResponses.GetValueOrDefault(t) > 1);
        if (lost > 0 && log is not null)
        {
            log("timeline: " + string.Join("; ", _timeline));
            log("lost: " + string.Join(", ", _tokens.Select((t, i) => (t, i)).Where(x => _initialResponses.GetValueOrDefault(x.t) == 0).Select(x => $"#{x.i} id {_ids[x.i]}")));
        }

        return new SoakFigures(_tokens.Count, redelivered, new Dictionary<string, int>(_faults), answered, _busyTokens.Count, lost, doubled, before, middle, after, started.Elapsed);
    }

    private static long Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private double Roll()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    private JsonObject NextInteraction()
    {
        var roll = Roll();
        string question;
        lock (_gate)
        {
            question = Questions[_random.Next(Questions.Length)];
        }

        return roll switch
        {
            < 0.75 => FakePayloads.SlashCommand("ask", ("question", question)),
            < 0.85 => FakePayloads.SlashCommand("search", ("query", question)),
            < 0.92 => FakePayloads.Autocomplete("cite", "passage", ("passage", question[..Math.Min(question.Length, 12)])),
            _ => FakePayloads.SlashCommand("sources"),
        };
    }

    private async Task<FakeGatewaySession> SendAsync(RunningBot bot, FakeGatewaySession session, JsonObject interaction, bool track = true)
    {
        if (track)
        {
            _tokens.Add(interaction["token"]!.GetValue<string>());
            _ids.Add(interaction["id"]!.GetValue<string>());
        }

        try
        {
            await session.SendDispatchAsync("INTERACTION_CREATE", interaction);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException)
        {
            // The connection died under us (a zombie close): the client resumes and the replay delivers this one.
        }

        lock (_gate)
        {
            _sent.Add((bot.Discord.Gateway.LastSequence, interaction));
            if (_sent.Count > ReplayWindow)
            {
                _sent.RemoveAt(0);
            }
        }

        return session;
    }

    private async Task<FakeGatewaySession> InjectGatewayFaultAsync(RunningBot bot, FakeGatewaySession session, Action<string>? log)
    {
        var kind = _random.Next(7) switch
        {
            0 => "close 4000",
            1 => "abort 1006",
            2 => "op 7",
            3 => "op 9 resumable",
            4 => "op 9 not resumable",
            5 => "missed ACK",
            _ => "op 1 request",
        };
        _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);
        log?.Invoke(kind);
        _timeline.Add($"#{_tokens.Count} seq {bot.Discord.Gateway.LastSequence}: {kind}");
        switch (kind)
        {
            case "close 4000":
                await session.CloseAsync(4000, "Unknown error");
                break;
            case "abort 1006":
                session.Abort();
                break;
            case "op 7":
                await session.SendReconnectAsync();
                break;
            case "op 9 resumable":
                await session.SendInvalidSessionAsync(resumable: true);
                break;
            case "op 9 not resumable":
                // A new session cannot replay: wait until what was sent is answered, so that nothing is lost by design.
                session = await QuiesceAsync(bot, session);
                await session.SendInvalidSessionAsync(resumable: false);
                break;
            case "missed ACK":
                session.AutoAckHeartbeats = false;
                break;
            default:
                await session.SendHeartbeatRequestAsync();
                await session.ReceiveAsync(op: 1);
                return session;
        }

        return await HandshakeAsync(bot);
    }

    /// <summary>The client's next connection: Hello, then RESUMED after replaying what it missed, or a fresh READY.</summary>
    private async Task<FakeGatewaySession> HandshakeAsync(RunningBot bot)
    {
        var session = await bot.Discord.Gateway.NextSessionAsync(TimeSpan.FromSeconds(30));
        await session.SendHelloAsync(HeartbeatIntervalMs);
        while (true)
        {
            var payload = await session.ReceiveAsync(timeout: TimeSpan.FromSeconds(30));
            var op = payload.GetProperty("op").GetInt32();
            if (op == 6)
            {
                var seq = payload.GetProperty("d").TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
                _timeline.Add($"#{_tokens.Count} resume from seq {seq} (fake at {bot.Discord.Gateway.LastSequence})");
                List<(int Sequence, JsonObject Interaction)> replay;
                lock (_gate)
                {
                    replay = [.. _sent.Where(e => e.Sequence > seq)];
                }

                foreach (var (sequence, interaction) in replay)
                {
                    await session.SendDispatchAsync("INTERACTION_CREATE", interaction.DeepClone(), sequence);
                }

                await session.SendResumedAsync();
                return session;
            }

            if (op == 2)
            {
                _timeline.Add($"#{_tokens.Count} identify");
                await session.SendReadyAsync(sessionId: "soak-" + Guid.NewGuid().ToString("N"), guildIds: [FakePayloads.GuildId]);
                lock (_gate)
                {
                    _sent.Clear();
                }

                return await ConfirmNewSessionAsync(bot, session);
            }
        }
    }

    /// <summary>
    /// Waits until the client has read READY (its heartbeat carries READY's sequence) before anything is dispatched
    /// on the new session. A session exists for the client only from READY on: if the connection is cut before the
    /// client reads it (an abort discards what is still in flight), the client can only identify again, and Discord
    /// never replays one session's events into another. Interactions dispatched in that window would be lost by the
    /// protocol, whatever the bot does, so the soak does not send any; a READY that the client did read and then
    /// forgot would still show up as a re-identify and lost interactions.
    /// </summary>
    private async Task<FakeGatewaySession> ConfirmNewSessionAsync(RunningBot bot, FakeGatewaySession session)
    {
        try
        {
            await session.SendHeartbeatRequestAsync();
            while (true)
            {
                var beat = await session.ReceiveAsync(op: 1, timeout: TimeSpan.FromSeconds(30));
                if (beat.GetProperty("d") is { ValueKind: JsonValueKind.Number } seq && seq.GetInt32() >= 1)
                {
                    return session;
                }
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or IOException
            or System.Threading.Channels.ChannelClosedException)
        {
            // The connection died before the client confirmed READY (a late heartbeat ACK made it close a zombie):
            // it identifies again on the next one.
            _faults.AddOrUpdate("client-detected zombie", 1, (_, n) => n + 1);
            _timeline.Add($"#{_tokens.Count} connection lost before READY was confirmed");
            return await HandshakeAsync(bot);
        }
    }

    /// <summary>Waits until everything sent is answered, letting the client resume if it drops the connection meanwhile.</summary>
    private async Task<FakeGatewaySession> QuiesceAsync(RunningBot bot, FakeGatewaySession session)
    {
        while (true)
        {
            var answered = WaitAnsweredAsync(bot.Discord);
            if (await Task.WhenAny(answered, session.Closed) == answered)
            {
                return session;
            }

            _faults.AddOrUpdate("client-detected zombie", 1, (_, n) => n + 1);
            session = await HandshakeAsync(bot);
        }
    }

    private Task WaitAnsweredAsync(FakeDiscord discord)
    {
        string[] expected;
        lock (_gate)
        {
            expected = [.. _tokens.Where(t => !_givenUp.Contains(t)).Distinct(StringComparer.Ordinal)];
        }

        return discord.Rest.WaitForRequestAsync(_ => Array.TrueForAll(expected, t => _initialResponses.ContainsKey(t)), TimeSpan.FromSeconds(15))
            .ContinueWith(
                _ =>
                {
                    // Still unanswered after 15 s: counted as lost at the end, and not waited for again.
                    lock (_gate)
                    {
                        foreach (var token in expected.Where(t => !_initialResponses.ContainsKey(t)))
                        {
                            _givenUp.Add(token);
                        }
                    }
                },
                TaskScheduler.Default);
    }

    private FakeResponse OnCallback(RecordedRequest request)
    {
        var token = request.Path.Split('/')[3];
        CheckLeak(request);
        var fault = FaultRoll(token);
        switch (fault)
        {
            case < 0.04:
                _faults.AddOrUpdate("REST 429", 1, (_, n) => n + 1);
                return FakeResponse.RateLimited(0.02);
            case < 0.07:
                _faults.AddOrUpdate("REST 500", 1, (_, n) => n + 1);
                return FakeResponse.Error(500, 0, "500: Internal Server Error");
        }

        if (request.Body is { } body && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("content", out var content) && content.GetString() == global::Bot.Commands.InteractionRouter.BusyMessage)
        {
            _busyTokens.TryAdd(token, 0);
        }

        _initialResponses.AddOrUpdate(token, 1, (_, n) => n + 1);
        return Slow(FakeResponse.NoContent());
    }

    private FakeResponse OnEdit(RecordedRequest request)
    {
        var token = request.Path.Split('/')[3];
        CheckLeak(request);
        if (FaultRoll(token + "/edit") < 0.04)
        {
            _faults.AddOrUpdate("REST 500 (edit)", 1, (_, n) => n + 1);
            return FakeResponse.Error(500, 0, "500: Internal Server Error");
        }

        return Slow(FakeResponse.Ok(FakePayloads.MessageCreate("answer", author: FakePayloads.BotUser(), guildId: null)));
    }

    /// <summary>
    /// A fault roll for the first two requests of a key: an answer and then its retry or apology can both fail (two
    /// errors in a row); the third try goes through.
    /// </summary>
    private double FaultRoll(string key)
    {
        lock (_gate)
        {
            var tries = _requestsPerKey.GetValueOrDefault(key);
            _requestsPerKey[key] = tries + 1;
            return tries < 2 ? _random.NextDouble() : 1;
        }
    }

    private FakeResponse Slow(FakeResponse response)
    {
        if (Roll() >= 0.05)
        {
            return response;
        }

        _faults.AddOrUpdate("REST slow", 1, (_, n) => n + 1);
        return response with { Delay = TimeSpan.FromMilliseconds(20 + (Roll() * 200)) };
    }

    private void CheckLeak(RecordedRequest request)
    {
        if (request.Body is { } body && body.GetRawText().Contains(FakeDiscord.BotToken, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _restLeaks);
        }
    }
}
