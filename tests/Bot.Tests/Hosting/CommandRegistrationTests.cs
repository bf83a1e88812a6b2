using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Commands;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Hosting;
using Bot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.Hosting;

/// <summary>Registering the commands against the fake Discord: compare first, overwrite only on a change, retry with back-off.</summary>
public sealed class CommandRegistrationTests : IAsyncLifetime, IDisposable
{
    private const string GlobalPath = "/applications/" + "100000000000000002" + "/commands";
    private const string PutRoute = "PUT /applications/{application_id}/commands";
    private static readonly Snowflake AppId = Snowflake.Parse(FakeDiscord.ApplicationId);
    private readonly ObservableTimeProvider _time = new();
    private readonly HttpClient _http = new();
    private readonly RecordingLogger<CommandRegistration> _logger = new();
    private FakeDiscord? _discord;

    private FakeDiscord Discord => _discord ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync(_time);

    public async Task DisposeAsync()
    {
        if (_discord is not null)
        {
            await _discord.DisposeAsync();
        }
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task CommandsAlreadyRegisteredAsDiscordStoresThemAreNotOverwritten()
    {
        Discord.Rest.SetRegisteredCommands(GlobalPath, AsDiscordStoresThem(CommandDefinitions.All));

        await Registration().RunAsync(AppId, CancellationToken.None);

        Assert.Single(Discord.Rest.Requests, r => r.Route == "GET /applications/{application_id}/commands");
        Assert.DoesNotContain(Discord.Rest.Requests, r => r.Method == "PUT");
        Assert.Contains(_logger.Lines, l => l.Contains("are up to date", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("description")]
    [InlineData("option")]
    [InlineData("permissions")]
    [InlineData("missing")]
    public async Task ACommandThatChangedIsOverwritten(string change)
    {
        var stored = AsDiscordStoresThem(CommandDefinitions.All);
        var ask = stored.OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == CommandDefinitions.Ask);
        switch (change)
        {
            case "description":
                ask["description"] = "An older description";
                break;
            case "option":
                ask["options"]![0]!["max_length"] = 300;
                break;
            case "permissions":
                stored.OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == CommandDefinitions.Reindex)["default_member_permissions"] = null;
                break;
            default:
                stored.Remove(ask);
                break;
        }

        Discord.Rest.SetRegisteredCommands(GlobalPath, stored);

        await Registration().RunAsync(AppId, CancellationToken.None);

        var put = Assert.Single(Discord.Rest.Requests, r => r.Method == "PUT");
        Assert.Equal(CommandDefinitions.All.Count, put.Body!.Value.GetArrayLength());
        Assert.Contains(_logger.Lines, l => l.Contains("Registered 8 commands globally (attempt 1)", StringComparison.Ordinal));
        DiscordSchemas.AssertAllBodiesValid(Discord.Rest.Requests);
    }

    [Fact]
    public async Task AFailedOverwriteIsRetriedWithAGrowingDelayUntilDiscordTakesIt()
    {
        Discord.Rest.Enqueue(PutRoute, FakeResponse.Error(503, 0, "503: Service Unavailable"));
        Discord.Rest.Enqueue(PutRoute, FakeResponse.RateLimited(30));
        var firstWait = _time.WaitForDelayAsync(CommandRegistration.FirstRetryDelay);

        var run = Registration(new DiscordRestOptions { Token = FakeDiscord.BotToken, BaseUrl = Discord.ApiBaseUrl, TransientRetries = 0, MaxRateLimitRetries = 0 })
            .RunAsync(AppId, CancellationToken.None);
        await firstWait;
        Assert.Single(Discord.Rest.Requests, r => r.Method == "PUT");

        // The second failure is a 429 asking for 30 s: the registration waits that, more than its own 10 s.
        var secondWait = _time.WaitForDelayAsync(TimeSpan.FromSeconds(30));
        _time.Advance(CommandRegistration.FirstRetryDelay);
        await secondWait;
        Assert.Equal(2, Discord.Rest.Requests.Count(r => r.Method == "PUT"));
        _time.Advance(TimeSpan.FromSeconds(30));
        await run.WaitAsync(FakeTimeouts.Guard);

        Assert.Equal(3, Discord.Rest.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(3, Discord.Rest.Requests.Count(r => r.Method == "GET"));
        Assert.Equal(2, _logger.Lines.Count(l => l.Contains("trying again in", StringComparison.Ordinal)));
        Assert.Contains(_logger.Lines, l => l.Contains("Registered 8 commands globally (attempt 3)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOverwriteDiscordRejectsIsNotRetried()
    {
        Discord.Rest.Enqueue(PutRoute, FakeResponse.Error(400, 50035, "Invalid Form Body"));

        await Registration().RunAsync(AppId, CancellationToken.None);

        Assert.Single(Discord.Rest.Requests, r => r.Method == "PUT");
        Assert.Contains(_logger.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("would fail again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommandsAreOverwrittenWhenTheRegisteredOnesCannotBeRead()
    {
        Discord.Rest.Enqueue("GET /applications/{application_id}/commands", FakeResponse.Error(403, 50001, "Missing Access"));

        await Registration().RunAsync(AppId, CancellationToken.None);

        Assert.Single(Discord.Rest.Requests, r => r.Method == "PUT");
        Assert.Contains(_logger.Lines, l => l.Contains("overwriting them", StringComparison.Ordinal));
    }

    /// <summary>
    /// The definitions as GET returns them: with ids and version, permissions as a string, and the fields Discord
    /// fills in (dm_permission, nsfw, integration_types, contexts, localizations, required: false).
    /// </summary>
    private static JsonArray AsDiscordStoresThem(IReadOnlyList<ApplicationCommand> commands)
    {
        var array = JsonSerializer.SerializeToNode(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand)!.AsArray();
        var id = 700000000000000100L;
        foreach (var command in array.OfType<JsonObject>())
        {
            command["id"] = (++id).ToString(System.Globalization.CultureInfo.InvariantCulture);
            command["application_id"] = FakeDiscord.ApplicationId;
            command["version"] = "800000000000000001";
            command["default_member_permissions"] = command["default_member_permissions"]?.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
            command["dm_permission"] = true;
            command["nsfw"] = false;
            command["integration_types"] = new JsonArray(0);
            command["contexts"] ??= null;
            command["name_localizations"] = null;
            command["description_localizations"] = null;
            foreach (var option in (command["options"] as JsonArray ?? []).OfType<JsonObject>())
            {
                option["required"] ??= false;
            }
        }

        return array;
    }

    private CommandRegistration Registration(DiscordRestOptions? options = null) => new(
        new DiscordRestClient(_http, options ?? new DiscordRestOptions { Token = FakeDiscord.BotToken, BaseUrl = Discord.ApiBaseUrl }, _time, NullLogger<DiscordRestClient>.Instance),
        new DiscordSettings(),
        _time,
        _logger);
}
