using Bot.Discord.Rest;
using Microsoft.Extensions.Configuration;

namespace Bot.Hosting;

/// <summary>The <c>Discord</c> configuration section (and <c>DISCORD_TOKEN</c>).</summary>
internal sealed class DiscordSettings
{
    public const string Section = "Discord";

    /// <summary>The bot token. Never logged.</summary>
    public string? Token { get; set; }

    public string ApiBaseUrl { get; set; } = DiscordRestOptions.DefaultBaseUrl;

    /// <summary>
    /// Where attachments are downloaded from: an attachment whose URL is elsewhere is refused, so that a forged
    /// interaction cannot make the bot fetch an arbitrary address (tests point it at the fake).
    /// </summary>
    public string CdnBaseUrl { get; set; } = "https://cdn.discordapp.com/";

    /// <summary>Register the commands on this guild only (they appear at once) instead of globally.</summary>
    public ulong? GuildId { get; set; }

    public int? ShardId { get; set; }

    public int? ShardCount { get; set; }

    /// <summary>zlib-stream transport compression on the gateway.</summary>
    public bool Compress { get; set; }

    /// <summary>
    /// With the day's gateway sessions (Identify calls) spent, exit with <see cref="ServeOutcome.IdentifyBudgetSpent"/>
    /// instead of waiting for Discord's reset: for supervisors that should see a crash loop rather than restart into it.
    /// </summary>
    public bool ExitWhenIdentifyBudgetSpent { get; set; }

    public static DiscordSettings From(IConfiguration configuration)
    {
        var settings = new DiscordSettings();
        configuration.GetSection(Section).Bind(settings);
        if (string.IsNullOrWhiteSpace(settings.Token))
        {
            settings.Token = configuration["DISCORD_TOKEN"];
        }

        settings.Token = settings.Token?.Trim();
        if (settings.Token?.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A token pasted with its header prefix: the client adds "Bot " itself.
            settings.Token = settings.Token[4..].Trim();
        }

        return settings;
    }
}

/// <summary>The <c>Search</c> configuration section.</summary>
internal sealed class SearchSettings
{
    public const string Section = "Search";

    public string SeedsPath { get; set; } = "seeds";

    public string IndexPath { get; set; } = "index";

    /// <summary>Watch the seeds folder while serving and swap in a rebuilt index when a document changes.</summary>
    public bool WatchSeeds { get; set; } = true;

    /// <summary>Quiet time after the last change in the seeds folder before the rebuild starts.</summary>
    public double ReloadDebounceSeconds { get; set; } = 2;

    /// <summary>How often the seeds' fingerprint is checked anyway (file watchers can miss events).</summary>
    public double ReloadPollSeconds { get; set; } = 60;

    /// <summary>
    /// Rank passages by meaning as well as words with the sentence-embedding model (loaded once; words alone, with one
    /// log line, if it cannot load). On by default, as on the command line; false saves its ~1.7 s load and ~450 MB.
    /// See docs/quality.md.
    /// </summary>
    public bool Semantic { get; set; } = true;

    public static SearchSettings From(IConfiguration configuration)
    {
        var settings = new SearchSettings();
        configuration.GetSection(Section).Bind(settings);
        if (!double.IsFinite(settings.ReloadDebounceSeconds) || settings.ReloadDebounceSeconds < 0
            || !double.IsFinite(settings.ReloadPollSeconds) || settings.ReloadPollSeconds <= 0)
        {
            throw new InvalidOperationException("Search:ReloadDebounceSeconds must be 0 or more and Search:ReloadPollSeconds more than 0.");
        }

        settings.SeedsPath = Path.GetFullPath(settings.SeedsPath);
        settings.IndexPath = Path.GetFullPath(settings.IndexPath);
        return settings;
    }
}

/// <summary>The <c>Bot</c> configuration section: behaviour towards members.</summary>
/// <summary>The <c>Sources</c> section: limits for sources added from Discord (<see cref="Bot.Sources.SourcesOptions"/>).</summary>
internal sealed class SourcesSettings
{
    public const string Section = "Sources";

    /// <summary>Lets links reach private, loopback and link-local addresses (off: see <see cref="Bot.Sources.SourcesOptions.AllowPrivateNetworks"/>).</summary>
    public bool AllowPrivateNetworks { get; set; }

    public static Bot.Sources.SourcesOptions From(IConfiguration configuration)
    {
        var settings = new SourcesSettings();
        configuration.GetSection(Section).Bind(settings);
        return new Bot.Sources.SourcesOptions { AllowPrivateNetworks = settings.AllowPrivateNetworks };
    }
}

internal sealed class BotSettings
{
    public const string Section = "Bot";

    /// <summary>Seconds a member waits between questions; 0 turns the cooldown off.</summary>
    public double CooldownSeconds { get; set; } = 3;

    /// <summary>
    /// Most interactions and mentions being handled at once; past it the bot answers "busy" instead of queueing more
    /// (bounded memory, and every admitted interaction is still acknowledged within Discord's 3 seconds).
    /// </summary>
    public int MaxInFlight { get; set; } = 64;

    public static BotSettings From(IConfiguration configuration)
    {
        var settings = new BotSettings();
        configuration.GetSection(Section).Bind(settings);
        if (settings.MaxInFlight < 1)
        {
            throw new InvalidOperationException("Bot:MaxInFlight must be 1 or more.");
        }

        if (!double.IsFinite(settings.CooldownSeconds) || settings.CooldownSeconds < 0)
        {
            throw new InvalidOperationException("Bot:CooldownSeconds must be a number of seconds, 0 or more.");
        }

        return settings;
    }
}

/// <summary>How <c>serve</c> ended: the worker records a fatal configuration error here for the exit code.</summary>
internal sealed class ServeOutcome
{
    /// <summary>Discord rejected the token.</summary>
    public const int TokenRejected = 3;

    /// <summary>Discord rejected another part of the configuration (shards, intents).</summary>
    public const int ConfigurationRejected = 4;

    /// <summary>No gateway sessions are left for today and <see cref="DiscordSettings.ExitWhenIdentifyBudgetSpent"/> is set.</summary>
    public const int IdentifyBudgetSpent = 5;

    public int ExitCode { get; set; }
}
