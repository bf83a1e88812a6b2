namespace Bot.Commands;

/// <summary>How the bot dealt with one interaction or mention: the <c>Outcome</c> field of its log line.</summary>
internal static class Outcome
{
    /// <summary>The log outcome of an answer.</summary>
    public static string Of(Bot.Search.Answers.Answer answer) => answer.Outcome switch
    {
        Bot.Search.Answers.AnswerOutcome.Answered => Answered,
        Bot.Search.Answers.AnswerOutcome.Related => Related,
        _ => Declined,
    };

    /// <summary>Quoted passages, a search page, a citation, the sources list, a reindex summary or suggestions.</summary>
    public const string Answered = "answered";

    /// <summary>The sources discuss the topic but not what was asked: the closest passages, labelled as such.</summary>
    public const string Related = "related";

    /// <summary>Nothing in the sources bears on it: said so plainly, no passage.</summary>
    public const string Declined = "declined";

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
}
