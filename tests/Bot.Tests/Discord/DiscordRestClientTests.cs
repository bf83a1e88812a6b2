using System.Net;
using System.Text.Json;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.Discord;

public sealed class DiscordRestClientTests : IAsyncLifetime, IDisposable
{
    private const string MessagesRoute = "POST /channels/{channel_id}/messages";
    private static readonly Snowflake AppId = Snowflake.Parse(FakeDiscord.ApplicationId);
    private static readonly Snowflake Channel = Snowflake.Parse(FakePayloads.ChannelId);
    private static readonly Snowflake OtherChannel = Snowflake.Parse("300000000000000002");
    private readonly ObservableTimeProvider _time = new();
    private readonly HttpClient _http = new();
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
    public async Task RetriesA429OnceAfterWaitingAtLeastRetryAfter()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(MessagesRoute, FakeResponse.RateLimited(2.5));
        var retryArmed = _time.WaitForDelayAsync(TimeSpan.FromSeconds(2.5));

        var send = rest.CreateMessageAsync(Channel, new MessageCreate { Content = "hello" });
        await retryArmed;
        Assert.Single(Discord.Rest.Requests);
        _time.Advance(TimeSpan.FromSeconds(2.4));
        Assert.False(send.IsCompleted);
        Assert.Single(Discord.Rest.Requests);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var message = await send.WaitAsync(FakeTimeouts.Guard);

        Assert.Equal("hello", message.Content);
        var requests = Discord.Rest.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, rest.InvalidRequestCount);
        DiscordSchemas.AssertAllBodiesValid(requests);
    }

    [Fact]
    public async Task GivesUpWithATypedErrorAfterTheConfiguredRetries()
    {
        var rest = CreateClient(maxRetries: 0);
        Discord.Rest.Enqueue(MessagesRoute, FakeResponse.RateLimited(1));
        var error = await Assert.ThrowsAsync<DiscordRateLimitedException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = "x" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Single(Discord.Rest.Requests);
    }

    [Fact]
    public async Task HoldsTheNextRequestOfABucketWithRemainingZeroUntilItResets()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(MessagesRoute, Sent("first").WithRateLimit("bucket-a", limit: 5, remaining: 0, resetAfterSeconds: 3));
        await rest.CreateMessageAsync(Channel, new MessageCreate { Content = "first" });

        var holdArmed = _time.WaitForDelayAsync(TimeSpan.FromSeconds(3));
        var second = rest.CreateMessageAsync(Channel, new MessageCreate { Content = "second" });
        await holdArmed;
        Assert.Single(Discord.Rest.Requests);

        // Another channel is another top-level resource: a different bucket, not held.
        await rest.CreateMessageAsync(OtherChannel, new MessageCreate { Content = "elsewhere" }).WaitAsync(FakeTimeouts.Guard);
        Assert.False(second.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(3));
        await second.WaitAsync(FakeTimeouts.Guard);
        var requests = Discord.Rest.Requests.Where(r => r.Path.Contains(FakePayloads.ChannelId, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(3));
        DiscordSchemas.AssertAllBodiesValid(Discord.Rest.Requests);
    }

    [Fact]
    public async Task AGlobal429HoldsOtherRoutesButNotInteractionCallbacks()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(MessagesRoute, FakeResponse.RateLimited(1.5, global: true));
        var retryArmed = _time.WaitForDelayAsync(TimeSpan.FromSeconds(1.5));
        var first = rest.CreateMessageAsync(Channel, new MessageCreate { Content = "first" });
        await retryArmed;

        var heldArmed = _time.WaitForDelayAsync(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(1.5));
        var other = rest.BulkOverwriteGuildCommandsAsync(AppId, Snowflake.Parse(FakePayloads.GuildId), [ApplicationCommand.ChatInput("ask", "Ask the sources a question")]);
        await heldArmed;
        Assert.Single(Discord.Rest.Requests);

        // Interaction callbacks are exempt from the global limit: they go out at once.
        await rest.CreateInteractionResponseAsync(Snowflake.Parse("600000000000000001"), "tok-1", InteractionResponse.Deferred()).WaitAsync(FakeTimeouts.Guard);
        Assert.Equal(2, Discord.Rest.Requests.Count);
        Assert.False(other.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1.5));
        await Task.WhenAll(first, other).WaitAsync(FakeTimeouts.Guard);
        var requests = Discord.Rest.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests.Where(r => !r.Route.Contains("callback", StringComparison.Ordinal)).Skip(1),
            r => Assert.True(r.ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1.5)));
        DiscordSchemas.AssertAllBodiesValid(requests);
    }

    [Fact]
    public async Task TheGlobalLimitOf50PerSecondHoldsAcrossRoutes()
    {
        var rest = CreateClient();
        var sends = Enumerable.Range(0, 50)
            .Select(i => rest.CreateMessageAsync(new Snowflake(300000000000001000UL + (ulong)i), new MessageCreate { Content = $"m{i}" }))
            .ToList();
        await Task.WhenAll(sends).WaitAsync(FakeTimeouts.Guard);

        var heldArmed = _time.WaitForDelayAsync(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(1));
        var fiftyFirst = rest.BulkOverwriteGlobalCommandsAsync(AppId, [ApplicationCommand.ChatInput("ask", "Ask the sources a question")]);
        await heldArmed;
        Assert.Equal(50, Discord.Rest.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await fiftyFirst.WaitAsync(FakeTimeouts.Guard);
        Assert.Equal(51, Discord.Rest.Requests.Count);
        DiscordSchemas.AssertAllBodiesValid(Discord.Rest.Requests);
    }

    [Fact]
    public async Task EveryCallSendsABodyThatMatchesDiscordsRequestSchemas()
    {
        var rest = CreateClient();
        var guild = Snowflake.Parse(FakePayloads.GuildId);
        ApplicationCommand[] commands =
        [
            ApplicationCommand.ChatInput(
                "ask",
                "Ask a question; the bot quotes the sources",
                ApplicationCommandOption.StringOption("question", "What do you want to know?", required: true, autocomplete: true, maxLength: 300),
                ApplicationCommandOption.IntegerOption("quotes", "How many quotes", minValue: 1, maxValue: 5)) with
            {
                Contexts = [InteractionContextType.Guild, InteractionContextType.BotDm],
                IntegrationTypes = [ApplicationIntegrationType.GuildInstall],
            },
            ApplicationCommand.ChatInput("sources", "List the source documents"),
            ApplicationCommand.MessageContextMenu("Check against sources"),
        ];
        var registered = await rest.BulkOverwriteGlobalCommandsAsync(AppId, commands);
        Assert.Equal(3, registered.Count);
        Assert.NotNull(registered[0].Id);
        await rest.BulkOverwriteGuildCommandsAsync(AppId, guild, commands);

        var embed = new Embed
        {
            Title = "What is 287(g)?",
            Description = "> quoted passage",
            Color = 0x5865F2,
            Fields = [new EmbedField { Name = "Source", Value = "<https://example.org/article>" }],
            Footer = new EmbedFooter { Text = "paragraph 3" },
            Timestamp = _time.GetUtcNow(),
        };
        var buttons = ActionRow.Of(Button.Interactive("more:1", "More quotes", ButtonStyle.Primary), Button.Link("https://example.org/article", "Source"));
        var interaction = Snowflake.Parse("600000000000000002");
        await rest.CreateInteractionResponseAsync(interaction, "tok-4", InteractionResponse.Message(new InteractionMessage { Content = "answer", Embeds = [embed], Components = [buttons] }));
        await rest.CreateInteractionResponseAsync(interaction, "tok-5", InteractionResponse.Deferred(ephemeral: true));
        await rest.CreateInteractionResponseAsync(interaction, "tok-6", InteractionResponse.DeferredUpdate());
        await rest.CreateInteractionResponseAsync(interaction, "tok-7", InteractionResponse.UpdateMessage(new InteractionMessage { Content = "page 2", Components = [buttons] }));
        await rest.CreateInteractionResponseAsync(interaction, "tok-8", InteractionResponse.Autocomplete([ApplicationCommandChoice.FromString("What is 287(g)?", "what is 287(g)")]));
        var edited = await rest.EditOriginalResponseAsync(AppId, "tok-5", new MessageEdit { Content = "the answer", Embeds = [embed] });
        Assert.Equal("the answer", edited.Content);
        await rest.CreateFollowupMessageAsync(AppId, "tok-5", new InteractionMessage { Content = "part 2", Flags = MessageFlags.Ephemeral });
        var reply = await rest.CreateMessageAsync(Channel, new MessageCreate { Content = "reply", MessageReference = MessageReference.ReplyTo(Snowflake.Parse("500000000000000099"), Channel, guild) });
        Assert.Equal(Channel, reply.ChannelId);
        await rest.GetCurrentUserAsync();
        await rest.GetCurrentApplicationAsync();
        var gateway = await rest.GetGatewayBotAsync();
        Assert.Equal(Discord.GatewayUrl, gateway.Url);

        var requests = Discord.Rest.Requests;
        Assert.Equal(13, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("Bot " + FakeDiscord.BotToken, r.Header("Authorization"));
            Assert.StartsWith("DiscordBot (", r.Header("User-Agent"), StringComparison.Ordinal);
        });
        Assert.All(requests.Where(r => r.Body is not null), r => Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal));
        DiscordSchemas.AssertAllBodiesValid(requests);

        var callback = requests.Single(r => r.Path.Contains("tok-4", StringComparison.Ordinal)).Body.GetValueOrDefault();
        Assert.Equal("""{"parse":[],"replied_user":false}""", callback.GetProperty("data").GetProperty("allowed_mentions").GetRawText());
        var create = requests.Single(r => r.Route == MessagesRoute).Body.GetValueOrDefault();
        Assert.Equal("500000000000000099", create.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Equal(JsonValueKind.Array, create.GetProperty("allowed_mentions").GetProperty("parse").ValueKind);
        var deferred = requests.Single(r => r.Path.Contains("tok-5/callback", StringComparison.Ordinal)).Body.GetValueOrDefault();
        Assert.Equal(64, deferred.GetProperty("data").GetProperty("flags").GetInt32());
        var messageCommand = requests[0].Body.GetValueOrDefault()[2];
        Assert.Equal(3, messageCommand.GetProperty("type").GetInt32());
    }

    [Fact]
    public void TheSchemaHelperRejectsBodiesThatBreakDiscordsLimits()
    {
        using var tooLong = JsonDocument.Parse($$"""{"type":2,"style":1,"custom_id":"{{new string('x', 101)}}"}""");
        Assert.NotEmpty(DiscordSchemas.Validate(tooLong.RootElement, "ButtonComponentForMessageRequest"));
        using var title = JsonDocument.Parse($$"""{"title":"{{new string('t', 300)}}"}""");
        Assert.NotEmpty(DiscordSchemas.Validate(title.RootElement, "RichEmbed"));
        using var ok = JsonDocument.Parse("""{"content":"hi","allowed_mentions":{"parse":[]}}""");
        Assert.Empty(DiscordSchemas.Validate(ok.RootElement, "MessageCreateRequest"));
    }

    [Fact]
    public async Task A401IsATypedUnauthorizedErrorWithoutTheToken()
    {
        var logger = new RecordingLogger<DiscordRestClient>();
        var rest = CreateClient(logger: logger);
        Discord.Rest.Enqueue("GET /users/@me", FakeResponse.Error(401, 0, "401: Unauthorized"));
        var error = await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => rest.GetCurrentUserAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain(FakeDiscord.BotToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Lines, l => l.Contains(FakeDiscord.BotToken, StringComparison.Ordinal));
        Assert.Equal(1, rest.InvalidRequestCount);
    }

    [Fact]
    public async Task ErrorsCarryDiscordsCodeMessageAndErrorsButNotTheInteractionToken()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(
            "POST /interactions/{interaction_id}/{interaction_token}/callback",
            new FakeResponse(400, """{"code":50035,"message":"Invalid Form Body","errors":{"data":{"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}}}""", new Dictionary<string, string>()));
        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            rest.CreateInteractionResponseAsync(Snowflake.Parse("600000000000000003"), "secret-interaction-token", InteractionResponse.Deferred()));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(50035, error.ErrorCode);
        Assert.Equal("Invalid Form Body", error.DiscordMessage);
        Assert.True(error.Errors?.TryGetProperty("data", out _));
        Assert.Contains("{interaction_token}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-interaction-token", error.Message, StringComparison.Ordinal);

        Discord.Rest.Enqueue("PATCH /webhooks/{application_id}/{interaction_token}/messages/@original", FakeResponse.Error(404, 10062, "Unknown interaction"));
        var unknown = await Assert.ThrowsAsync<DiscordRestException>(() => rest.EditOriginalResponseAsync(AppId, "tok", new MessageEdit { Content = "late" }));
        Assert.Equal(10062, unknown.ErrorCode);
    }

    [Fact]
    public async Task InvalidPayloadsFailBeforeSending()
    {
        var rest = CreateClient();
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = new string('a', 2001) }));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = "" }));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.CreateFollowupMessageAsync(AppId, "t", new InteractionMessage { Embeds = Enumerable.Range(0, 11).Select(_ => new Embed { Title = "x" }).ToList() }));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.EditOriginalResponseAsync(AppId, "t", new MessageEdit
        {
            Embeds = [new Embed { Description = new string('d', 4000) }, new Embed { Description = new string('d', 2001) }],
        }));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.CreateInteractionResponseAsync(Channel, "t", InteractionResponse.Message(new InteractionMessage
        {
            Components = [ActionRow.Of(Button.Interactive(new string('c', 101), "label"))],
        })));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.CreateInteractionResponseAsync(Channel, "t", InteractionResponse.Autocomplete(
            [.. Enumerable.Range(0, 26).Select(i => ApplicationCommandChoice.FromString($"c{i}", $"v{i}"))])));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.BulkOverwriteGlobalCommandsAsync(AppId, [ApplicationCommand.ChatInput("Ask", "uppercase name")]));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.BulkOverwriteGlobalCommandsAsync(AppId, [ApplicationCommand.ChatInput("ask", "")]));
        await Assert.ThrowsAsync<DiscordValidationException>(() => rest.BulkOverwriteGlobalCommandsAsync(AppId, [ApplicationCommand.ChatInput("ask", "d",
            [.. Enumerable.Range(0, 26).Select(i => ApplicationCommandOption.StringOption($"o{i}", "d"))])]));
        Assert.Empty(Discord.Rest.Requests);
    }

    [Theory]
    [InlineData(2000, 0, 0, true)]
    [InlineData(2001, 0, 0, false)]
    [InlineData(0, 5, 5, true)]
    [InlineData(0, 6, 1, false)]
    [InlineData(0, 1, 6, false)]
    public void ChecksContentAndComponentLimits(int contentLength, int rows, int buttonsPerRow, bool valid)
    {
        var message = new MessageCreate
        {
            Content = contentLength > 0 ? new string('a', contentLength) : "x",
            Components = [.. Enumerable.Range(0, rows).Select(r => new ActionRow
            {
                Components = [.. Enumerable.Range(0, buttonsPerRow).Select(b => Button.Interactive($"r{r}b{b}", "go"))],
            })],
        };
        var error = Record.Exception(() => DiscordLimits.Validate(message));
        Assert.Equal(valid, error is null);
        if (!valid)
        {
            Assert.IsType<DiscordValidationException>(error);
        }
    }

    [Fact]
    public void AllowedMentionsNonePingsNobody() =>
        Assert.Equal("""{"parse":[],"replied_user":false}""", JsonSerializer.Serialize(AllowedMentions.None, DiscordJsonContext.Default.AllowedMentions));

    private static FakeResponse Sent(string content) =>
        FakeResponse.Ok(FakePayloads.MessageCreate(content, author: FakePayloads.BotUser(), guildId: null));

    private DiscordRestClient CreateClient(int maxRetries = 3, RecordingLogger<DiscordRestClient>? logger = null) =>
        new(_http, new DiscordRestOptions { Token = FakeDiscord.BotToken, BaseUrl = Discord.ApiBaseUrl, MaxRateLimitRetries = maxRetries }, _time,
            (Microsoft.Extensions.Logging.ILogger<DiscordRestClient>?)logger ?? NullLogger<DiscordRestClient>.Instance);
}
