using Bot.Cli;
using Bot.Hosting;
using Bot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Tests.Hosting;

/// <summary>How <c>serve</c> ends when it cannot run: no token, or a token that Discord rejects.</summary>
public sealed class ServeFailureTests : IDisposable
{
    private readonly string _indexDir = Path.Combine(Path.GetTempPath(), "bot-fail-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ServeWithoutATokenExitsWithCodeTwoAndSaysHowToSetOne()
    {
        if (Environment.GetEnvironmentVariable("DISCORD_TOKEN") is not null || Environment.GetEnvironmentVariable("Discord__Token") is not null)
        {
            return; // A token in this process's environment would be found, as it should.
        }

        using var error = new StringWriter();
        var streams = new CliStreams(TextReader.Null, TextWriter.Null, error, false, false);

        var code = await BotCommandLine.RunAsync(["serve"], streams);

        Assert.Equal(BotHost.NoToken, code);
        Assert.Contains("DISCORD_TOKEN", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRejectedByRestStopsTheHostWithANonZeroCodeAndSaysSo()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.Rest.Enqueue("GET /gateway/bot", FakeResponse.Error(401, 0, "401: Unauthorized"));
        var logs = new RecordingLoggerProvider();
        using var host = Build(discord, logs);

        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(FakeTimeouts.Guard);

        Assert.Equal(ServeOutcome.TokenRejected, host.Services.GetRequiredService<ServeOutcome>().ExitCode);
        Assert.Contains(logs.Messages, m => m.Contains("rejected the bot token", StringComparison.Ordinal));
        Assert.Single(discord.Rest.Requests, r => r.Route == "GET /gateway/bot");
        Assert.DoesNotContain(logs.Messages, m => m.Contains(FakeDiscord.BotToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GatewayClose4004StopsTheHostWithoutRetrying()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var logs = new RecordingLoggerProvider();
        using var host = Build(discord, logs);

        await host.StartAsync();
        var session = await discord.Gateway.NextSessionAsync();
        await session.SendHelloAsync();
        await session.ReceiveAsync(op: 2);
        await session.CloseAsync(4004, "Authentication failed.");
        await host.WaitForShutdownAsync().WaitAsync(FakeTimeouts.Guard);

        Assert.Equal(ServeOutcome.TokenRejected, host.Services.GetRequiredService<ServeOutcome>().ExitCode);
        Assert.Equal(1, discord.Gateway.ConnectionCount);
        Assert.Contains(logs.Messages, m => m.Contains("rejected the bot token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASpentIdentifyBudgetExitsWithItsOwnCodeWhenConfiguredAndNeverIdentifies()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.Rest.SetDefault("GET /gateway/bot", _ => FakeResponse.Ok(new System.Text.Json.Nodes.JsonObject
        {
            ["url"] = discord.GatewayUrl,
            ["shards"] = 1,
            ["session_start_limit"] = new System.Text.Json.Nodes.JsonObject { ["total"] = 1000, ["remaining"] = 0, ["reset_after"] = 7_200_000, ["max_concurrency"] = 1 },
        }));
        var logs = new RecordingLoggerProvider();
        using var host = RunningBot.BuildHost(discord, _indexDir, extraArgs: ["--Discord:ExitWhenIdentifyBudgetSpent=true"], logs: logs);

        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(FakeTimeouts.Guard);

        Assert.Equal(ServeOutcome.IdentifyBudgetSpent, host.Services.GetRequiredService<ServeOutcome>().ExitCode);
        Assert.Contains(logs.Messages, m => m.StartsWith("Critical", StringComparison.Ordinal) && m.Contains("none are left", StringComparison.Ordinal));
        Assert.Equal(0, discord.Gateway.ConnectionCount);
    }

    public void Dispose()
    {
        if (Directory.Exists(_indexDir))
        {
            Directory.Delete(_indexDir, recursive: true);
        }
    }

    private IHost Build(FakeDiscord discord, RecordingLoggerProvider logs) => RunningBot.BuildHost(discord, _indexDir, logs: logs);
}
