using System.Text.Json.Nodes;

namespace Bot.Tests.Fakes;

/// <summary>Dispatch data shaped like Discord's docs ([GE], [RR], [MSG]) for scripting the fake gateway.</summary>
public static class FakePayloads
{
    public const string GuildId = "200000000000000001";
    public const string ChannelId = "300000000000000001";
    public const string UserId = "400000000000000001";
    private static long _nextId = 500000000000000000;

    public static string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject User(string id = UserId, string username = "alice", bool bot = false)
    {
        var user = new JsonObject { ["id"] = id, ["username"] = username, ["discriminator"] = "0", ["global_name"] = username, ["avatar"] = null };
        if (bot)
        {
            user["bot"] = true;
        }

        return user;
    }

    public static JsonObject BotUser() => User(FakeDiscord.BotUserId, "fake-bot", bot: true);

    public static JsonObject Ready(string sessionId, string resumeGatewayUrl, IEnumerable<string> guildIds, int[]? shard = null)
    {
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = BotUser(),
            ["guilds"] = new JsonArray([.. guildIds.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["unavailable"] = true })]),
            ["session_id"] = sessionId,
            ["resume_gateway_url"] = resumeGatewayUrl,
            ["application"] = new JsonObject { ["id"] = FakeDiscord.ApplicationId, ["flags"] = 0 },
        };
        if (shard is not null)
        {
            ready["shard"] = new JsonArray([.. shard.Select(s => (JsonNode)s)]);
        }

        return ready;
    }

    public static JsonObject GuildCreate(string guildId = GuildId, string name = "Debate Club") => new()
    {
        ["id"] = guildId,
        ["name"] = name,
        ["unavailable"] = false,
        ["member_count"] = 3,
        ["channels"] = new JsonArray(),
    };

    /// <summary>MESSAGE_CREATE data in a guild; mention the bot to get content without MESSAGE_CONTENT.</summary>
    public static JsonObject MessageCreate(string content, bool mentionBot = false, string? messageId = null, JsonObject? author = null, string channelId = ChannelId, string? guildId = GuildId)
    {
        var message = new JsonObject
        {
            ["id"] = messageId ?? NextId(),
            ["channel_id"] = channelId,
            ["author"] = author ?? User(),
            ["content"] = content,
            ["timestamp"] = "2026-11-28T06:00:00.000000+00:00",
            ["edited_timestamp"] = null,
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = mentionBot ? new JsonArray(BotUser()) : new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["embeds"] = new JsonArray(),
            ["pinned"] = false,
            ["type"] = 0,
        };
        if (guildId is not null)
        {
            message["guild_id"] = guildId;
            message["member"] = new JsonObject { ["roles"] = new JsonArray(), ["joined_at"] = "2026-01-01T00:00:00+00:00" };
        }

        return message;
    }

    /// <summary>An APPLICATION_COMMAND interaction for a slash command with string/number/bool options.</summary>
    public static JsonObject SlashCommand(string name, params (string Name, object Value)[] options) =>
        Interaction(2, new JsonObject
        {
            ["id"] = NextId(),
            ["name"] = name,
            ["type"] = 1,
            ["options"] = Options(options, focused: null),
        });

    /// <summary>An APPLICATION_COMMAND_AUTOCOMPLETE interaction; <paramref name="focused"/> names the option being typed.</summary>
    public static JsonObject Autocomplete(string name, string focused, params (string Name, object Value)[] options) =>
        Interaction(4, new JsonObject
        {
            ["id"] = NextId(),
            ["name"] = name,
            ["type"] = 1,
            ["options"] = Options(options, focused),
        });

    /// <summary>Member permissions with MANAGE_GUILD (32) added to the fake's default set, which lacks it.</summary>
    public const string ManageGuildPermissions = "2248473465835105";

    /// <summary>A slash command whose options include attachments, resolved in data.resolved.attachments as Discord sends them.</summary>
    public static JsonObject SlashCommandWithAttachment(string name, string optionName, JsonObject attachment, params (string Name, object Value)[] options)
    {
        var id = attachment["id"]!.GetValue<string>();
        var interaction = SlashCommand(name, [(optionName, id), .. options]);
        var option = interaction["data"]!["options"]!.AsArray().OfType<JsonObject>().Single(o => o["name"]!.GetValue<string>() == optionName);
        option["type"] = 11;
        interaction["data"]!["resolved"] = new JsonObject { ["attachments"] = new JsonObject { [id] = attachment.DeepClone() } };
        return interaction;
    }

    /// <summary>The interaction as a member with these permissions sends it.</summary>
    public static JsonObject WithPermissions(this JsonObject interaction, string permissions)
    {
        interaction["member"]!["permissions"] = permissions;
        return interaction;
    }

    /// <summary>A MESSAGE_COMPONENT interaction (button click) on a message the bot sent.</summary>
    public static JsonObject ButtonClick(string customId, string? messageId = null)
    {
        var interaction = Interaction(3, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 });
        interaction["message"] = MessageCreate("earlier answer", messageId: messageId, author: BotUser(), guildId: null);
        return interaction;
    }

    /// <summary>A MESSAGE context-menu command (type 3) targeting a message, with the message in data.resolved.messages.</summary>
    public static JsonObject MessageCommand(string name, string targetContent, string? targetId = null)
    {
        var id = targetId ?? NextId();
        return Interaction(2, new JsonObject
        {
            ["id"] = NextId(),
            ["name"] = name,
            ["type"] = 3,
            ["target_id"] = id,
            ["resolved"] = new JsonObject { ["messages"] = new JsonObject { [id] = MessageCreate(targetContent, messageId: id, guildId: null) } },
        });
    }

    /// <summary>An interaction object [RR] in a guild (member.user set), with a fresh id and token.</summary>
    public static JsonObject Interaction(int type, JsonObject data, string? token = null) => new()
    {
        ["id"] = NextId(),
        ["application_id"] = FakeDiscord.ApplicationId,
        ["type"] = type,
        ["data"] = data,
        ["guild_id"] = GuildId,
        ["channel_id"] = ChannelId,
        ["member"] = new JsonObject { ["user"] = User(), ["roles"] = new JsonArray(), ["permissions"] = "2248473465835073", ["joined_at"] = "2026-01-01T00:00:00+00:00" },
        ["token"] = token ?? "interaction-token-" + NextId(),
        ["version"] = 1,
        ["app_permissions"] = "2248473465835073",
        ["locale"] = "en-US",
        ["guild_locale"] = "en-US",
        ["entitlements"] = new JsonArray(),
        ["authorizing_integration_owners"] = new JsonObject { ["0"] = GuildId },
        ["context"] = 0,
        ["attachment_size_limit"] = 10485760,
    };

    private static JsonArray Options((string Name, object Value)[] options, string? focused)
    {
        var array = new JsonArray();
        foreach (var (optionName, value) in options)
        {
            var (type, node) = value switch
            {
                string s => (3, (JsonNode)JsonValue.Create(s)),
                int i => (4, JsonValue.Create(i)),
                long l => (4, JsonValue.Create(l)),
                bool b => (5, JsonValue.Create(b)),
                double d => (10, JsonValue.Create(d)),
                _ => throw new ArgumentException($"Unsupported option value {value}"),
            };
            var option = new JsonObject { ["name"] = optionName, ["type"] = type, ["value"] = node };
            if (optionName == focused)
            {
                option["focused"] = true;
            }

            array.Add(option);
        }

        return array;
    }
}
