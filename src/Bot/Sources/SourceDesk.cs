using System.Security.Cryptography;
using Bot.Search.Ingestion;
using Microsoft.Extensions.Logging;

namespace Bot.Sources;

/// <summary>A change an admin has been shown and may confirm: a document to add (or replace), or one to remove.</summary>
/// <param name="Preview">The document to add, as it was read; null for a removal.</param>
/// <param name="RemoveName">The document to remove; null for an addition.</param>
/// <param name="UserId">Who asked for it.</param>
/// <param name="Expires">When the confirmation stops working (an interaction token's lifetime).</param>
internal sealed record PendingSourceChange(SourcePreview? Preview, string? RemoveName, ulong UserId, DateTimeOffset Expires);

/// <summary>
/// Adding and removing sources from Discord: downloads an attachment at once (its CDN link expires) and only from
/// Discord's CDN, fetches links under <see cref="SourcesOptions"/>, keeps each change until an admin confirms it, and
/// logs every change with who made it.
/// </summary>
internal sealed partial class SourceDesk : IDisposable
{
    /// <summary>How long a shown change can be confirmed: an interaction token works 15 minutes.</summary>
    private static readonly TimeSpan ConfirmWithin = TimeSpan.FromMinutes(15);

    private readonly SourceLibrary _library;
    private readonly SourceFetcher _links;
    private readonly SourceFetcher _cdn;
    private readonly Uri _cdnBase;
    private readonly long _maxBytes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SourceDesk> _logger;
    private readonly Dictionary<string, PendingSourceChange> _pending = new(StringComparer.Ordinal);

    public SourceDesk(SourceLibrary library, SourcesOptions options, Uri cdnBase, TimeProvider timeProvider, ILogger<SourceDesk> logger)
    {
        _library = library;
        _links = new SourceFetcher(options, timeProvider);
        // The CDN's host is fixed by configuration and checked before every download, so its address needs no
        // private-network check (the tests' fake CDN is on 127.0.0.1).
        _cdn = new SourceFetcher(new SourcesOptions { AllowPrivateNetworks = true, MaxDownloadBytes = options.MaxDownloadBytes, DownloadTimeout = options.DownloadTimeout, MaxRedirects = 0 }, timeProvider);
        _cdnBase = cdnBase;
        _maxBytes = options.MaxDownloadBytes;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public SourceLibrary Library => _library;

    /// <summary>Downloads an attachment from Discord's CDN and reads it.</summary>
    /// <exception cref="SourceRefusedException">Not on the CDN, not downloadable, or not readable, with the reason.</exception>
    public async Task<SourcePreview> PrepareAttachmentAsync(string url, string fileName, long size, DocumentMetadata given, CancellationToken cancellationToken)
    {
        if (size > _maxBytes)
        {
            throw new SourceRefusedException($"the file is {size:N0} bytes, over the {_maxBytes:N0}-byte limit");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme != _cdnBase.Scheme || !string.Equals(uri.Host, _cdnBase.Host, StringComparison.OrdinalIgnoreCase) || uri.Port != _cdnBase.Port)
        {
            throw new SourceRefusedException($"attachments are downloaded from {_cdnBase.Host} only");
        }

        var fetched = await _cdn.FetchAsync(uri, cancellationToken).ConfigureAwait(false);
        return _library.Prepare(new SourceRequest(fileName, fetched.Bytes, given));
    }

    /// <summary>Fetches a link and reads it.</summary>
    /// <exception cref="SourceRefusedException">A refused or failed link, or an unreadable document, with the reason.</exception>
    public async Task<SourcePreview> PrepareLinkAsync(string link, DocumentMetadata given, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri))
        {
            throw new SourceRefusedException($"'{link}' is not a link");
        }

        var fetched = await _links.FetchAsync(uri, cancellationToken).ConfigureAwait(false);
        var name = fetched.FileName ?? fetched.Url.Segments.LastOrDefault(s => s.Trim('/').Length > 0)?.Trim('/') ?? fetched.Url.Host;
        return _library.Prepare(new SourceRequest(name, fetched.Bytes, given, fetched.Url));
    }

    /// <summary>Keeps a change until it is confirmed; returns the key its buttons carry.</summary>
    public string Hold(SourcePreview? preview, string? removeName, ulong userId)
    {
        var now = _timeProvider.GetUtcNow();
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        lock (_pending)
        {
            foreach (var expired in _pending.Where(p => p.Value.Expires <= now).Select(p => p.Key).ToList())
            {
                _pending.Remove(expired);
            }

            _pending[key] = new PendingSourceChange(preview, removeName, userId, now + ConfirmWithin);
        }

        return key;
    }

    /// <summary>The change held under <paramref name="key"/>, taken out (a change is confirmed once); null when unknown or expired.</summary>
    public PendingSourceChange? Take(string key)
    {
        lock (_pending)
        {
            return _pending.Remove(key, out var change) && change.Expires > _timeProvider.GetUtcNow() ? change : null;
        }
    }

    /// <summary>Makes a confirmed change in the seeds folder and logs it with who made it; returns one line per file changed.</summary>
    /// <exception cref="SourceRefusedException">The change can no longer be made (the document is gone, or already a source).</exception>
    public IReadOnlyList<string> Apply(PendingSourceChange change, bool replace, ulong userId, string userName)
    {
        ArgumentNullException.ThrowIfNull(change);
        var changes = change.Preview is { } preview ? _library.Commit(preview, replace) : _library.Remove(change.RemoveName ?? string.Empty);
        foreach (var line in changes)
        {
            LogChanged(_logger, userId, userName, line);
        }

        return changes;
    }

    public void Dispose()
    {
        _links.Dispose();
        _cdn.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sources changed by user {UserId} ({UserName}): {Change}")]
    private static partial void LogChanged(ILogger logger, ulong userId, string userName, string change);
}
