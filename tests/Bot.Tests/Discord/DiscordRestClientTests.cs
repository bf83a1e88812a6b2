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
    private const string EditRoute = "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original";
    private const string FollowupRoute = "POST /webhooks/{application_id}/{interaction_token}";
    private const string CallbackRoute = "POST /interactions/{interaction_id}/{interaction_token}/callback";
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
        var unknown = await Assert.ThrowsAsync<DiscordInteractionExpiredException>(() => rest.EditOriginalResponseAsync(AppId, "tok", new MessageEdit { Content = "late" }));
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

    [Fact]
    public async Task RetriesA5xxOnAnEditWithJitteredGrowingDelaysAndReturnsTheAnswer()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(EditRoute, FakeResponse.Error(502, 0, "502: Bad Gateway"));
        Discord.Rest.Enqueue(EditRoute, FakeResponse.Error(503, 0, "503: Service Unavailable"));
        var firstDelay = _time.WaitForDelayAsync(d => d >= TimeSpan.FromMilliseconds(250) && d < TimeSpan.FromMilliseconds(500));

        var edit = rest.EditOriginalResponseAsync(AppId, "tok-retry", new MessageEdit { Content = "the answer" });
        var first = await firstDelay;
        Assert.Single(Discord.Rest.Requests);
        var secondDelay = _time.WaitForDelayAsync(d => d >= TimeSpan.FromMilliseconds(500) && d < TimeSpan.FromMilliseconds(1000));
        _time.Advance(first);
        _time.Advance(await secondDelay);
        var message = await edit.WaitAsync(FakeTimeouts.Guard);

        Assert.Equal("the answer", message.Content);
        Assert.Equal(3, Discord.Rest.Requests.Count);
        Assert.Equal(0, rest.InvalidRequestCount);
    }

    [Fact]
    public async Task GivesUpOnA5xxAfterTheConfiguredRetries()
    {
        var rest = CreateClient(transientRetries: 1);
        Discord.Rest.Enqueue(EditRoute, FakeResponse.Error(500, 0, "500: Internal Server Error"));
        Discord.Rest.Enqueue(EditRoute, FakeResponse.Error(500, 0, "500: Internal Server Error"));
        var delay = _time.WaitForDelayAsync(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(1));

        var edit = rest.EditOriginalResponseAsync(AppId, "tok-fail", new MessageEdit { Content = "x" });
        _time.Advance(await delay);
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => edit.WaitAsync(FakeTimeouts.Guard));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(2, Discord.Rest.Requests.Count);
    }

    [Fact]
    public async Task DoesNotRepeatAFollowupAfterA5xxSinceItCouldPostTwice()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(FollowupRoute, FakeResponse.Error(502, 0, "502: Bad Gateway"));
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => rest.CreateFollowupMessageAsync(AppId, "tok-f", new InteractionMessage { Content = "part 2" }));
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Single(Discord.Rest.Requests);
    }

    [Fact]
    public async Task RetriesAChannelMessageWithTheSameNonceSoDiscordPostsItOnce()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(MessagesRoute, FakeResponse.Error(504, 0, "504: Gateway Timeout"));
        var delay = _time.WaitForDelayAsync(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(1));

        var send = rest.CreateMessageAsync(Channel, new MessageCreate { Content = "reply" });
        _time.Advance(await delay);
        await send.WaitAsync(FakeTimeouts.Guard);

        var bodies = Discord.Rest.Requests.Select(r => r.Body!.Value).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0].GetProperty("nonce").GetString(), bodies[1].GetProperty("nonce").GetString());
        Assert.InRange(bodies[0].GetProperty("nonce").GetString()!.Length, 1, 25);
        Assert.True(bodies[1].GetProperty("enforce_nonce").GetBoolean());
        DiscordSchemas.AssertAllBodiesValid(Discord.Rest.Requests);
    }

    [Fact]
    public async Task RetriesARequestWhoseConnectionWasReset()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue("GET /users/@me", FakeResponse.Reset());
        var delay = _time.WaitForDelayAsync(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(1));

        var me = rest.GetCurrentUserAsync();
        _time.Advance(await delay);

        Assert.Equal(FakeDiscord.BotUserId, (await me.WaitAsync(FakeTimeouts.Guard)).Id.ToString());
        Assert.Equal(2, Discord.Rest.Requests.Count);
    }

    [Fact]
    public async Task ACallbackRetriedAfterA5xxThatDiscordCallsAlreadyAcknowledgedIsDone()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(CallbackRoute, FakeResponse.Error(502, 0, "502: Bad Gateway"));
        Discord.Rest.Enqueue(CallbackRoute, FakeResponse.Error(400, 40060, "Interaction has already been acknowledged."));
        var delay = _time.WaitForDelayAsync(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(1));

        var callback = rest.CreateInteractionResponseAsync(Snowflake.Parse("600000000000000010"), "tok-ack", InteractionResponse.Deferred());
        _time.Advance(await delay);
        await callback.WaitAsync(FakeTimeouts.Guard);

        Assert.Equal(2, Discord.Rest.Requests.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ACloudflareBanStopsEveryRestCallForItsRetryAfterWithoutRetrying(bool html)
    {
        var logger = new RecordingLogger<DiscordRestClient>();
        var rest = CreateClient(logger: logger);
        // Cloudflare's page, or a JSON 429 that lacks every X-RateLimit-* header Discord's own 429 carries [RL].
        Discord.Rest.Enqueue(MessagesRoute, html
            ? FakeResponse.CloudflareBan(retryAfterSeconds: 120)
            : new FakeResponse(429, """{"message":"You are being rate limited.","retry_after":120,"global":false}""", new Dictionary<string, string> { ["Retry-After"] = "120" }));

        var ban = await Assert.ThrowsAsync<DiscordRequestRefusedException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = "x" }));
        Assert.Equal(RequestRefusal.CloudflareBan, ban.Reason);
        Assert.Equal(TimeSpan.FromSeconds(120), ban.RetryAfter);

        // Nothing goes out meanwhile, not even an interaction callback, which the global limit would let through.
        var other = await Assert.ThrowsAsync<DiscordRequestRefusedException>(() => rest.GetCurrentUserAsync());
        Assert.Equal(RequestRefusal.CloudflareBan, other.Reason);
        await Assert.ThrowsAsync<DiscordRequestRefusedException>(() => rest.CreateInteractionResponseAsync(Snowflake.Parse("600000000000000011"), "tok-b", InteractionResponse.Deferred()));
        _time.Advance(TimeSpan.FromSeconds(119));
        await Assert.ThrowsAsync<DiscordRequestRefusedException>(() => rest.GetCurrentUserAsync());
        Assert.Single(Discord.Rest.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await rest.GetCurrentUserAsync();
        Assert.Equal(2, Discord.Rest.Requests.Count);
        Assert.Equal(1, rest.InvalidRequestCount);
        Assert.Single(logger.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("banned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChannelThatRefusesTheBotIsLeftAloneForTheCoolDownWhileOthersAreServed()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(MessagesRoute, FakeResponse.Error(403, 50013, "Missing Permissions"));
        var refused = await Assert.ThrowsAsync<DiscordRestException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = "one" }));
        Assert.Equal(50013, refused.ErrorCode);

        var coolDown = await Assert.ThrowsAsync<DiscordRequestRefusedException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = "two" }));
        Assert.Equal(RequestRefusal.ResourceCoolDown, coolDown.Reason);
        Assert.Equal(TimeSpan.FromMinutes(10), coolDown.RetryAfter);
        await rest.CreateMessageAsync(OtherChannel, new MessageCreate { Content = "elsewhere" });
        Assert.Equal(2, Discord.Rest.Requests.Count);
        Assert.Equal(1, rest.InvalidRequestCount);

        _time.Advance(TimeSpan.FromMinutes(10));
        await rest.CreateMessageAsync(Channel, new MessageCreate { Content = "permissions fixed" });
        Assert.Equal(3, Discord.Rest.Requests.Count);
    }

    [Fact]
    public async Task InvalidRequestsAreCountedLoggedAsTheyClimbAndOptionalSendsStopFirst()
    {
        var logger = new RecordingLogger<DiscordRestClient>();
        var rest = new DiscordRestClient(
            _http,
            new DiscordRestOptions
            {
                Token = FakeDiscord.BotToken,
                BaseUrl = Discord.ApiBaseUrl,
                InvalidRequestWarningThreshold = 2,
                InvalidRequestSoftLimit = 4,
                InvalidRequestHardLimit = 6,
            },
            _time,
            logger);
        Discord.Rest.SetDefault(MessagesRoute, r => r.Path.Contains("/channels/3999", StringComparison.Ordinal)
            ? FakeResponse.Error(403, 50001, "Missing Access")
            : FakeResponse.Ok(FakePayloads.MessageCreate("ok", author: FakePayloads.BotUser(), guildId: null)));
        async Task RefuseAsync(int i) =>
            await Assert.ThrowsAsync<DiscordRestException>(() => rest.CreateMessageAsync(new Snowflake(399900000000000000UL + (ulong)i), new MessageCreate { Content = "x" }));

        for (var i = 0; i < 4; i++)
        {
            await RefuseAsync(i);
        }

        // 4 invalid requests: the warning was logged at 2 and 4; optional sends stop, the rest still go.
        Assert.Equal(4, rest.InvalidRequestCount);
        Assert.Equal(2, logger.Lines.Count(l => l.Contains("invalid requests (401/403/429) in the last 10 minutes", StringComparison.Ordinal)));
        var optional = await Assert.ThrowsAsync<DiscordRequestRefusedException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = "busy" }, RequestPriority.Optional));
        Assert.Equal(RequestRefusal.InvalidRequestBudget, optional.Reason);
        await rest.CreateMessageAsync(Channel, new MessageCreate { Content = "answer" });

        for (var i = 4; i < 6; i++)
        {
            await RefuseAsync(i);
        }

        // 6: only interaction answers go out, until the oldest invalid requests leave the 10-minute window.
        await Assert.ThrowsAsync<DiscordRequestRefusedException>(() => rest.CreateMessageAsync(Channel, new MessageCreate { Content = "answer 2" }));
        await rest.CreateInteractionResponseAsync(Snowflake.Parse("600000000000000012"), "tok-c", InteractionResponse.Deferred());
        Assert.Equal(8, Discord.Rest.Requests.Count);
        Assert.Contains(logger.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("only interaction answers", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, rest.InvalidRequestCount);
        await rest.CreateMessageAsync(Channel, new MessageCreate { Content = "answer 3" }, RequestPriority.Optional);
        Assert.Equal(9, Discord.Rest.Requests.Count);
    }

    [Fact]
    public async Task AnExpiredInteractionTokenIsReportedAsSuchNotAsTheBotTokenAndNeverUsedAgain()
    {
        var logger = new RecordingLogger<DiscordRestClient>();
        var rest = CreateClient(logger: logger);
        Discord.Rest.Enqueue(EditRoute, FakeResponse.Error(401, 50027, "Invalid Webhook Token"));

        var expired = await Assert.ThrowsAsync<DiscordInteractionExpiredException>(() => rest.EditOriginalResponseAsync(AppId, "tok-dead", new MessageEdit { Content = "late" }));
        Assert.Equal(50027, expired.ErrorCode);
        Assert.DoesNotContain("tok-dead", expired.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<DiscordInteractionExpiredException>(() => rest.CreateFollowupMessageAsync(AppId, "tok-dead", new InteractionMessage { Content = "apology" }));
        await rest.EditOriginalResponseAsync(AppId, "tok-alive", new MessageEdit { Content = "fine" });

        Assert.Equal(2, Discord.Rest.Requests.Count);
        Assert.Single(Discord.Rest.Requests, r => r.Path.Contains("tok-dead", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("the interaction has expired", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("bot token was rejected", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Equal(1, rest.InvalidRequestCount);
    }

    private static FakeResponse Sent(string content) =>
        FakeResponse.Ok(FakePayloads.MessageCreate(content, author: FakePayloads.BotUser(), guildId: null));

    [Fact]
    public async Task AFollowupWithAFileIsMultipartFormDataAsDiscordDocumentsIt()
    {
        var rest = CreateClient();
        var bytes = new byte[] { 0x50, 0x4B, 3, 4, 0, 255, 13, 10, 45, 45 };
        var file = new FileUpload("cards.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes, "Debate cards");

        var message = await rest.CreateFollowupMessageAsync(AppId, "tok", new InteractionMessage { Content = "Your cards", Flags = MessageFlags.Ephemeral }, [file]);

        var request = Assert.Single(Discord.Rest.Requests);
        Assert.Matches("^multipart/form-data; boundary=[0-9A-Za-z-]+$", request.Header("Content-Type"));
        var recorded = Assert.Single(request.Files);
        Assert.Equal(("files[0]", "cards.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (recorded.Name, recorded.FileName, recorded.ContentType));
        Assert.Equal(bytes, recorded.Content);
        var payload = request.Body!.Value;
        Assert.Equal("Your cards", payload.GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Array, payload.GetProperty("allowed_mentions").GetProperty("parse").ValueKind);
        var attachment = Assert.Single(payload.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("0", "cards.docx", "Debate cards"), (attachment.GetProperty("id").GetString(), attachment.GetProperty("filename").GetString(), attachment.GetProperty("description").GetString()));
        Assert.Equal("Your cards", message.Content);
        DiscordSchemas.AssertAllBodiesValid(Discord.Rest.Requests);
    }

    [Fact]
    public async Task AnEditWithAFileListsExactlyThatFileAsItsAttachments()
    {
        var rest = CreateClient();

        await rest.EditOriginalResponseAsync(AppId, "tok", new MessageEdit { Content = "cards" }, [new FileUpload("a.docx", "application/octet-stream", new byte[] { 1, 2, 3 })]);

        var request = Assert.Single(Discord.Rest.Requests);
        Assert.Equal(EditRoute, request.Route);
        Assert.Equal("a.docx", Assert.Single(request.Files).FileName);
        Assert.Equal("0", Assert.Single(request.Body!.Value.GetProperty("attachments").EnumerateArray()).GetProperty("id").GetString());
        DiscordSchemas.AssertAllBodiesValid(Discord.Rest.Requests);
    }

    [Theory]
    [InlineData(1000L, 1001)]
    [InlineData(null, 10 * 1024 * 1024 + 1)]
    public async Task AFileOverTheSizeLimitIsRefusedBeforeAnythingIsSent(long? limit, int size)
    {
        var rest = CreateClient();
        var file = new FileUpload("cards.docx", "application/octet-stream", new byte[size]);

        var error = await Assert.ThrowsAsync<DiscordValidationException>(() => rest.CreateFollowupMessageAsync(AppId, "tok", new InteractionMessage { Content = "x" }, [file], limit));

        Assert.Contains("cards.docx", error.Message, StringComparison.Ordinal);
        Assert.Empty(Discord.Rest.Requests);
    }

    [Fact]
    public async Task AFileWithinALargerInteractionLimitIsSent()
    {
        var rest = CreateClient();
        var file = new FileUpload("big.docx", "application/octet-stream", new byte[2000]);

        await rest.CreateFollowupMessageAsync(AppId, "tok", new InteractionMessage { Content = "x" }, [file], attachmentSizeLimit: 2000);

        Assert.Equal(2000, Assert.Single(Assert.Single(Discord.Rest.Requests).Files).Content.Length);
    }

    [Fact]
    public async Task ARateLimitedUploadIsResentWhole()
    {
        var rest = CreateClient();
        Discord.Rest.Enqueue(FollowupRoute, FakeResponse.RateLimited(1));
        var retryArmed = _time.WaitForDelayAsync(TimeSpan.FromSeconds(1));
        var bytes = new byte[] { 9, 8, 7 };

        var send = rest.CreateFollowupMessageAsync(AppId, "tok", new InteractionMessage { Content = "x" }, [new FileUpload("c.docx", "application/octet-stream", bytes)]);
        await retryArmed;
        _time.Advance(TimeSpan.FromSeconds(1));
        await send.WaitAsync(FakeTimeouts.Guard);

        var requests = Discord.Rest.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(bytes, Assert.Single(r.Files).Content));
    }

    private DiscordRestClient CreateClient(int maxRetries = 3, RecordingLogger<DiscordRestClient>? logger = null, int transientRetries = 2) =>
        new(_http, new DiscordRestOptions { Token = FakeDiscord.BotToken, BaseUrl = Discord.ApiBaseUrl, MaxRateLimitRetries = maxRetries, TransientRetries = transientRetries }, _time,
            (Microsoft.Extensions.Logging.ILogger<DiscordRestClient>?)logger ?? NullLogger<DiscordRestClient>.Instance);
}
