namespace Bot.Commands;

/// <summary>How the bot dealt with one interaction or mention: the <c>Outcome</c> field of its log line.</summary>
internal static class Outcome
{
    /// <summary>Quoted passages, a search page, a citation, the sources list, a reindex summary or suggestions.</summary>
    public const string Answered = "answered";

    /// <summary>The honest "the sources don't answer that".</summary>
    public const string NoAnswer = "no-answer";

    /// <summary>The member asked again within the cooldown.</summary>
    public const string Cooldown = "cooldown";

    /// <summary>Too many interactions in flight: told the member the bot is busy.</summary>
    public const string Busy = "busy";

    /// <summary>A handler failed; the member got an apology (if Discord took it).</summary>
    public const string Failed = "failed";

    /// <summary>The interaction's token no longer works (Discord said so, or its 15 minutes ran out): nothing was sent.</summary>
    public const string Expired = "expired";

    /// <summary>Not sent: the channel refuses the bot, or the client is holding back to avoid Cloudflare's ban.</summary>
    public const string NotSent = "not-sent";

    /// <summary>A replayed dispatch of an interaction or message already handled: not answered twice.</summary>
    public const string Duplicate = "duplicate";
}
