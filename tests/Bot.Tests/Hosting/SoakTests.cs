using System.Globalization;
using Bot.Hosting;
using Bot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Bot.Tests.Hosting;

/// <summary>
/// The host against the fake Discord for many interactions while the fake injects gateway and REST faults.
/// By default (and with <c>BOT_SOAK=short</c>) the soak runs 300 interactions; <c>BOT_SOAK=long</c> runs 5,000.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private static bool Long => string.Equals(Environment.GetEnvironmentVariable("BOT_SOAK"), "long", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task EveryInteractionIsAnsweredExactlyOnceThroughFaultsWithFlatMemory()
    {
        var interactions = Long ? 5000 : 300;
        var logs = new TokenScanningLoggerProvider(FakeDiscord.BotToken);
        await using var bot = await RunningBot.StartAsync(
            heartbeatIntervalMs: SoakDriver.HeartbeatIntervalMs,
            extraArgs: ["--Search:WatchSeeds=false", "--Bot:MaxInFlight=512"],
            configureServices: services =>
            {
                SoakDriver.ConfigureFastGateway(services);
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            });
        var driver = new SoakDriver(seed: 20261128);

        var figures = await driver.RunAsync(bot, interactions, faultRate: 0.04, log: line => { if (line.StartsWith("lost", StringComparison.Ordinal) || line.StartsWith("timeline", StringComparison.Ordinal)) { output.WriteLine(line); } });
        if (figures.Lost > 0)
        {
            output.WriteLine(string.Join("\n", logs.Recent));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak ({(Long ? "long" : "short")}): {figures}"));
        output.WriteLine($"log lines {logs.Lines}, lines with the token {logs.Leaks}, REST bodies with the token {driver.RestLeaks}; outcomes: {logs.Outcomes}");
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Doubled);
        Assert.Equal(figures.Interactions, figures.Answered);
        Assert.True(figures.FaultCount >= (Long ? 100 : 5), $"only {figures.FaultCount} faults injected");
        Assert.InRange(figures.MemoryAfter - figures.MemoryBefore, long.MinValue, 32L * 1024 * 1024);
        Assert.Equal(0, logs.Leaks);
        Assert.Equal(0, driver.RestLeaks);
    }

    [Fact]
    public async Task TheTokenNeverAppearsInLogsExceptionsOrMessagesThroughFailuresAndAFatalClose()
    {
        var logs = new TokenScanningLoggerProvider(FakeDiscord.BotToken);
        await using var bot = await RunningBot.StartAsync(
            heartbeatIntervalMs: SoakDriver.HeartbeatIntervalMs,
            extraArgs: ["--Search:WatchSeeds=false"],
            configureServices: services =>
            {
                SoakDriver.ConfigureFastGateway(services);
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            });
        var driver = new SoakDriver(seed: 7);

        // The client retries the soak's 5xx itself; errors that no retry changes make handlers fail and apologise.
        for (var i = 0; i < 3; i++)
        {
            bot.Discord.Rest.Enqueue(RunningBot.EditOriginalRoute, FakeResponse.Error(400, 50035, "Invalid Form Body"));
        }

        var figures = await driver.RunAsync(bot, interactions: 60, faultRate: 0.15);
        var lifetime = bot.Host.Services.GetRequiredService<IHostApplicationLifetime>();

        // Then Discord rejects the token: the fatal path logs, throws and stops the host.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
        var last = bot.Discord.Gateway.Sessions[^1];
        if (last.Closed.IsCompleted)
        {
            last = await bot.Discord.Gateway.NextSessionAsync();
            await last.SendHelloAsync(SoakDriver.HeartbeatIntervalMs);
        }

        await last.CloseAsync(4004, "Authentication failed.");
        await stopped.Task.WaitAsync(FakeTimeouts.Guard);

        output.WriteLine($"{figures}; log lines {logs.Lines}, with exceptions {logs.Exceptions}");
        Assert.Equal(ServeOutcome.TokenRejected, bot.Host.Services.GetRequiredService<ServeOutcome>().ExitCode);
        Assert.True(logs.Exceptions > 0, "the session logged no exception: the test did not exercise the failure paths");
        Assert.Equal(0, logs.Leaks);
        Assert.Equal(0, driver.RestLeaks);
    }
}

/// <summary>Counts log lines (message and full exception text, inner exceptions included) that contain a secret; keeps nothing.</summary>
internal sealed class TokenScanningLoggerProvider(string secret) : Microsoft.Extensions.Logging.ILoggerProvider
{
    private static readonly string[] OutcomeMarks = [": answered in", ": declined in", ": related in", ": busy in", ": failed in", ": cooldown in"];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _recent = new();
    private int _lines;
    private int _leaks;
    private int _exceptions;

    public string Outcomes => string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key.Trim(':', ' ')[..^3]} {o.Value}"));

    /// <summary>The last 2,000 lines (bounded, so that a soak's memory stays flat).</summary>
    public IReadOnlyList<string> Recent => [.. _recent];

    public int Count(string mark) => _outcomes.GetValueOrDefault(mark);

    public int Lines => Volatile.Read(ref _lines);

    public int Leaks => Volatile.Read(ref _leaks);

    public int Exceptions => Volatile.Read(ref _exceptions);

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(TokenScanningLoggerProvider provider) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref provider._lines);
            var text = formatter(state, exception) + " " + exception + " " + state;
            provider._recent.Enqueue(formatter(state, exception) + " " + exception?.Message);
            while (provider._recent.Count > 2000)
            {
                provider._recent.TryDequeue(out _);
            }

            foreach (var mark in OutcomeMarks)
            {
                if (text.Contains(mark, StringComparison.Ordinal))
                {
                    provider._outcomes.AddOrUpdate(mark, 1, (_, n) => n + 1);
                }
            }

            if (exception is not null)
            {
                Interlocked.Increment(ref provider._exceptions);
            }

            if (text.Contains(provider.Secret, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref provider._leaks);
            }
        }
    }

    private string Secret => secret;
}
