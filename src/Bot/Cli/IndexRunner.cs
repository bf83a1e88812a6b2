using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bot.Search;
using Bot.Search.Ingestion;
using Bot.Search.Semantic;

namespace Bot.Cli;

/// <summary>Builds the index for the verbs and reports progress and the one-line summary on standard error.</summary>
internal static class IndexRunner
{
    /// <summary>
    /// Files named per skip reason in the one-line summary: enough to see what went wrong, few enough that a folder
    /// with thousands of bad files still gets one readable line (<c>--verbose</c> lists them all).
    /// </summary>
    private const int ExamplesPerReason = 3;

    /// <summary>
    /// Builds (index verb) or makes sure the index is fresh (ask/search). With <paramref name="verbose"/>, the summary
    /// lists every skipped file with its reason. Returns false after printing an error.
    /// </summary>
    public static bool Prepare(string seedsDir, string indexDir, CliStreams streams, bool force, bool verbose, ITextEmbedder? embedder, CancellationToken cancellationToken)
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
                streams.Error.WriteLine(Summary(result, seedsDir, verbose));
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            streams.Error.WriteLine($"error: {ex.Message}");
            return false;
        }
    }

    /// <summary>
    /// <c>Indexed 8,675 documents, 17,402 passages in 9.1 s; skipped 3 files: 2 not UTF-8 (a.txt, b.txt), 1 empty
    /// (c.md); --verbose lists them all.</c> Reasons are counted most common first, each with up to
    /// <see cref="ExamplesPerReason"/> files (relative to <paramref name="seedsDir"/>). With <paramref name="verbose"/>,
    /// one more line per skipped file gives its reason in full.
    /// </summary>
    public static string Summary(IndexBuildResult result, string seedsDir, bool verbose)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Indexed {Plural(result.Documents, "document")}, {Plural(result.Passages, "passage")} in {result.Elapsed.TotalSeconds:0.0} s; ");
        if (result.Skipped.Count == 0)
        {
            return sb.Append("no files skipped.").ToString();
        }

        sb.Append(CultureInfo.InvariantCulture, $"skipped {Plural(result.Skipped.Count, "file")}: ");
        var groups = result.Skipped.GroupBy(s => s.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key);
        sb.AppendJoin(", ", groups.Select(g =>
        {
            var names = string.Join(", ", g.Take(ExamplesPerReason).Select(s => SeedReader.RelativeName(seedsDir, s.Path)));
            var more = g.Count() > ExamplesPerReason ? ", …" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{g.Count():N0} {Label(g.Key)} ({names}{more})");
        }));
        if (!verbose)
        {
            return sb.Append("; --verbose lists them all.").ToString();
        }

        sb.Append('.');
        foreach (var skipped in result.Skipped)
        {
            sb.Append("\n  ").Append(SeedReader.RelativeName(seedsDir, skipped.Path)).Append(": ").Append(skipped.Reason);
        }

        return sb.ToString();
    }

    private static string Label(SkipKind kind) => kind switch
    {
        SkipKind.Binary => "binary",
        SkipKind.NotUtf8 => "not UTF-8",
        SkipKind.Empty => "empty",
        SkipKind.TooLarge => "too large",
        SkipKind.BadMetadata => "with bad metadata",
        SkipKind.Unreadable => "unreadable",
        SkipKind.NoProse => "without prose",
        SkipKind.Unsupported => "unsupported",
        SkipKind.Malformed => "damaged",
        SkipKind.NoText => "without a text layer",
        SkipKind.TimedOut => "too slow to read",
        _ => kind.ToString(),
    };

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");

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
