using Bot.Embeddings;
using Bot.Search.Ingestion;
using Bot.Sources;

namespace Bot.Cli;

/// <summary>The <c>add</c> and <c>remove</c> verbs: change the seeds folder, print what changed, rebuild the index.</summary>
internal static class SourceCommands
{
    public sealed record AddRequest(
        IReadOnlyList<string> Sources,
        string? Title,
        string? Author,
        string? Date,
        string? Publisher,
        string? Url,
        bool Replace,
        SourcesOptions Options);

    public static async Task<int> AddAsync(AddRequest request, (string Seeds, string Index) paths, bool verbose, bool wordsOnly, CliStreams streams, CancellationToken cancellationToken)
    {
        DocumentMetadata given;
        try
        {
            given = SourceLibrary.Given(request.Title, request.Author, request.Date, request.Publisher, request.Url);
        }
        catch (SourceRefusedException ex)
        {
            await streams.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var library = new SourceLibrary(paths.Seeds, new SeedReader(), TimeProvider.System);
        using var fetcher = new SourceFetcher(request.Options);
        var failed = 0;
        var added = 0;
        foreach (var source in request.Sources)
        {
            try
            {
                var sourceRequest = Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? await FetchAsync(fetcher, uri, given, cancellationToken).ConfigureAwait(false)
                    : await ReadFileAsync(source, given, cancellationToken).ConfigureAwait(false);
                var preview = library.Prepare(sourceRequest);
                foreach (var change in library.Commit(preview, request.Replace))
                {
                    await streams.Out.WriteLineAsync(change).ConfigureAwait(false);
                }

                added++;
            }
            catch (SourceRefusedException ex)
            {
                failed++;
                await streams.Error.WriteLineAsync($"error: {source}: {ex.Message}").ConfigureAwait(false);
            }
        }

        return await ReindexAsync(added > 0, failed, paths, verbose, wordsOnly, streams, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> RemoveAsync(IReadOnlyList<string> files, (string Seeds, string Index) paths, bool verbose, bool wordsOnly, CliStreams streams, CancellationToken cancellationToken)
    {
        var library = new SourceLibrary(paths.Seeds, new SeedReader(), TimeProvider.System);
        var failed = 0;
        var removed = 0;
        foreach (var file in files)
        {
            try
            {
                foreach (var change in library.Remove(file))
                {
                    await streams.Out.WriteLineAsync(change).ConfigureAwait(false);
                }

                removed++;
            }
            catch (SourceRefusedException ex)
            {
                failed++;
                await streams.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            }
        }

        return await ReindexAsync(removed > 0, failed, paths, verbose, wordsOnly, streams, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SourceRequest> FetchAsync(SourceFetcher fetcher, Uri uri, DocumentMetadata given, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(uri, cancellationToken).ConfigureAwait(false);
        var name = fetched.FileName ?? fetched.Url.Segments.LastOrDefault(s => s.Trim('/').Length > 0)?.Trim('/') ?? fetched.Url.Host;
        return new SourceRequest(name, fetched.Bytes, given, fetched.Url);
    }

    private static async Task<SourceRequest> ReadFileAsync(string path, DocumentMetadata given, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > new SeedReaderOptions().MaxFileBytes)
            {
                throw new SourceRefusedException($"larger than the {new SeedReaderOptions().MaxFileBytes:N0}-byte limit ({info.Length:N0} bytes)");
            }

            return new SourceRequest(Path.GetFileName(path), await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), given);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceRefusedException($"cannot read it: {ex.Message}", ex);
        }
    }

    private static async Task<int> ReindexAsync(bool changed, int failed, (string Seeds, string Index) paths, bool verbose, bool wordsOnly, CliStreams streams, CancellationToken cancellationToken)
    {
        if (changed)
        {
            var embedder = wordsOnly ? null : SharedEmbedder.Get(new StreamLogger(streams.Error));
            if (!IndexRunner.Prepare(paths.Seeds, paths.Index, streams, force: true, verbose, embedder, cancellationToken))
            {
                return 1;
            }
        }

        await streams.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }
}
