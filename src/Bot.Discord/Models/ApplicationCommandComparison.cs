namespace Bot.Discord.Models;

/// <summary>
/// Whether the commands registered on a scope (GET) already are the definitions a bulk overwrite would send, so that
/// the overwrite can be skipped: Discord counts new commands against a daily cap and clients refetch on every
/// change [AC]. Compared as Discord stores them: by type and name, with its documented defaults filled in
/// (required, autocomplete and nsfw false, no options, no choices).
/// </summary>
/// <remarks>
/// <c>contexts</c> and <c>integration_types</c> are compared only where the definition sets them: left unset,
/// Discord fills in the application's own defaults, which the bot does not know. Localizations are not compared:
/// the bot sets none.
/// </remarks>
public static class ApplicationCommandComparison
{
    public static bool Matches(IReadOnlyList<ApplicationCommand> registered, IReadOnlyList<ApplicationCommand> wanted)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(wanted);
        if (registered.Count != wanted.Count)
        {
            return false;
        }

        foreach (var command in wanted)
        {
            var match = registered.FirstOrDefault(r => r.Type == command.Type && string.Equals(r.Name, command.Name, StringComparison.Ordinal));
            if (match is null || !Same(match, command))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(ApplicationCommand registered, ApplicationCommand wanted) =>
        string.Equals(registered.Description, wanted.Description, StringComparison.Ordinal)
        && registered.DefaultMemberPermissions == wanted.DefaultMemberPermissions
        && (registered.Nsfw ?? false) == (wanted.Nsfw ?? false)
        && (wanted.Contexts is null || SameSet(registered.Contexts, wanted.Contexts))
        && (wanted.IntegrationTypes is null || SameSet(registered.IntegrationTypes, wanted.IntegrationTypes))
        && SameOptions(registered.Options, wanted.Options);

    private static bool SameOptions(IReadOnlyList<ApplicationCommandOption>? registered, IReadOnlyList<ApplicationCommandOption>? wanted)
    {
        // Order matters: Discord shows options in the order given (required ones first).
        var a = registered ?? [];
        var b = wanted ?? [];
        return a.Count == b.Count && a.Zip(b).All(pair => SameOption(pair.First, pair.Second));
    }

    private static bool SameOption(ApplicationCommandOption registered, ApplicationCommandOption wanted) =>
        registered.Type == wanted.Type
        && string.Equals(registered.Name, wanted.Name, StringComparison.Ordinal)
        && string.Equals(registered.Description, wanted.Description, StringComparison.Ordinal)
        && (registered.Required ?? false) == (wanted.Required ?? false)
        && (registered.Autocomplete ?? false) == (wanted.Autocomplete ?? false)
        && registered.MinLength == wanted.MinLength
        && registered.MaxLength == wanted.MaxLength
        && registered.MinValue == wanted.MinValue
        && registered.MaxValue == wanted.MaxValue
        && SameChoices(registered.Choices, wanted.Choices)
        && SameOptions(registered.Options, wanted.Options);

    private static bool SameChoices(IReadOnlyList<ApplicationCommandChoice>? registered, IReadOnlyList<ApplicationCommandChoice>? wanted)
    {
        var a = registered ?? [];
        var b = wanted ?? [];
        return a.Count == b.Count && a.Zip(b).All(pair =>
            string.Equals(pair.First.Name, pair.Second.Name, StringComparison.Ordinal)
            && pair.First.Value.ValueKind == pair.Second.Value.ValueKind
            && string.Equals(pair.First.ValueText, pair.Second.ValueText, StringComparison.Ordinal));
    }

    private static bool SameSet<T>(IReadOnlyList<T>? registered, IReadOnlyList<T> wanted) =>
        (registered ?? []).ToHashSet().SetEquals(wanted);
}
