namespace Bot.Discord.Gateway;

/// <summary>
/// The daily session start limit is spent and <see cref="GatewayOptions.ExitWhenIdentifyBudgetSpent"/> is set: the
/// client stopped instead of waiting for the reset. Identifying past the limit would make Discord end every session
/// and reset the bot token [GW] "Session Start Limit".
/// </summary>
public sealed class GatewayIdentifyBudgetException : Exception
{
    public GatewayIdentifyBudgetException()
    {
    }

    public GatewayIdentifyBudgetException(string message)
        : base(message)
    {
    }

    public GatewayIdentifyBudgetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GatewayIdentifyBudgetException(int total, DateTimeOffset resetsAt)
        : base(Describe(total, resetsAt))
    {
        Total = total;
        ResetsAt = resetsAt;
    }

    /// <summary>Identify calls Discord allows per day (session_start_limit.total).</summary>
    public int Total { get; }

    /// <summary>When the budget resets (reset_after from GET /gateway/bot).</summary>
    public DateTimeOffset ResetsAt { get; }

    internal static string Describe(int total, DateTimeOffset resetsAt) =>
        FormattableString.Invariant(
            $"Discord allows {total} new gateway sessions (Identify) a day and none are left; identifying anyway would make Discord reset the bot token. The budget resets at {resetsAt:yyyy-MM-dd HH:mm:ss} UTC.");
}
