using System.Text.RegularExpressions;

namespace Bot.Commands;

/// <summary>Turns a chat message into question text: mention markup (users, roles, channels) is not part of the question.</summary>
internal static partial class MentionText
{
    /// <summary>Removes every user, role and channel mention and collapses the space they leave.</summary>
    public static string Strip(string content) =>
        Spaces().Replace(Mentions().Replace(content, " "), " ").Trim();

    [GeneratedRegex(@"<(?:@!?|@&|#)\d{1,20}>")]
    private static partial Regex Mentions();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
