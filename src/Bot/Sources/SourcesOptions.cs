namespace Bot.Sources;

/// <summary>Limits for adding sources by link or attachment (the <c>Sources</c> settings section).</summary>
public sealed class SourcesOptions
{
    /// <summary>
    /// Lets links reach private, loopback and link-local addresses. Off by default: a link given in Discord must not
    /// make the bot probe the host's own network (cloud metadata at 169.254.169.254, admin ports on 127.0.0.1).
    /// </summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>Most bytes downloaded for one source (default 16 MiB, the reader's file limit).</summary>
    public long MaxDownloadBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>How long one download may take, redirects included (default 30 s).</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most redirects followed for one link (default 5: a publisher's link needs two at most, http to https and a moved slug).</summary>
    public int MaxRedirects { get; init; } = 5;
}
