using System.Diagnostics;
using System.Globalization;
using Bot.Search;
using Bot.Search.Semantic;

namespace Bot.Cli;

/// <summary>Builds the index for the verbs and reports progress and the one-line summary on standard error.</summary>
internal static class IndexRunner
{
    /// <summary>Builds (index verb) or makes sure the index is fresh (ask/search). Returns false after printing an error.</summary>
    public static bool Prepare(string seedsDir, string indexDir, CliStreams streams, bool force, ITextEmbedder? embedder, CancellationToken cancellationToken)
    {
        var builder = new IndexBuilder { Embedder = embedder };
        try
        {
            if (!force && !Directory.Exists(seedsDir) && IndexBuilder.HasIndex(indexDir))
            {
                return true;
            }

            using var progress = streams.ErrorIsTerminal ? new TerminalProgress(streams.Error) : null;
            var result = force
                ? builder.Build(seedsDir, indexDir, progress, cancellationToken)
                : builder.EnsureFresh(seedsDir, indexDir, progress, cancellationToken);
            if (result is not null)
            {
                progress?.Clear();
                streams.Error.WriteLine(Summary(result));
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            streams.Error.WriteLine($"error: {ex.Message}");
            return false;
        }
    }

    public static string Summary(IndexBuildResult result)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"Indexed {Plural(result.Documents, "document")}, {Plural(result.Passages, "passage")} in {result.Elapsed.TotalSeconds:0.00} s; ");
        text += result.Skipped.Count == 0
            ? "no files skipped."
            : $"skipped {Plural(result.Skipped.Count, "file")}: " + string.Join("; ", result.Skipped.Select(s => $"{s.Path} ({s.Reason})")) + ".";
        return text;
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>A progress line on a terminal, redrawn at most every 200 ms and only once a build has taken half a second.</summary>
    private sealed class TerminalProgress(TextWriter error) : IProgress<IndexBuildProgress>, IDisposable
    {
        private readonly Stopwatch _started = Stopwatch.StartNew();
        private TimeSpan _lastDrawn = TimeSpan.Zero;
        private bool _drawn;

        public void Report(IndexBuildProgress value)
        {
            var now = _started.Elapsed;
            if (now < TimeSpan.FromMilliseconds(500) || now - _lastDrawn < TimeSpan.FromMilliseconds(200))
            {
                return;
            }

            _lastDrawn = now;
            _drawn = true;
            error.Write(string.Create(CultureInfo.InvariantCulture, $"\rIndexing: {value.FilesDone}/{value.FilesTotal} files, {value.Passages} passages"));
        }

        public void Clear()
        {
            if (_drawn)
            {
                error.Write("\r\u001b[K");
                _drawn = false;
            }
        }

        public void Dispose() => Clear();
    }
}
