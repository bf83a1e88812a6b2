using System.Text;

namespace Bot.Search.Ingestion;

/// <summary>Limits for reading seed documents.</summary>
public sealed class SeedReaderOptions
{
    /// <summary>Files larger than this are reported and skipped (default 16 MiB).</summary>
    public long MaxFileBytes { get; init; } = 16L * 1024 * 1024;
}

/// <summary>
/// Reads the documents of a seeds folder: <c>.txt</c>, <c>.md</c> (with optional front matter) and <c>.html</c>.
/// Metadata can also come from a sidecar <c>&lt;file name&gt;.meta</c> beside a document, in the same
/// <c>key: value</c> syntax as front matter; the sidecar wins where both set a field. A broken file (binary,
/// invalid UTF-8, empty, too large, unreadable metadata, no prose) is reported with its reason and skipped.
/// </summary>
public sealed class SeedReader(SeedReaderOptions options)
{
    public const string SidecarExtension = ".meta";

    private static readonly string[] DocumentExtensions = [".txt", ".md", ".markdown", ".html", ".htm"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public SeedReader()
        : this(new SeedReaderOptions())
    {
    }

    /// <summary>True for the file kinds the reader indexes.</summary>
    public static bool IsDocumentFile(string path) =>
        DocumentExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Document files under <paramref name="seedsDir"/> (recursively), in ordinal order of their relative path.</summary>
    public static IReadOnlyList<string> ListDocumentFiles(string seedsDir) =>
        [.. Directory.EnumerateFiles(seedsDir, "*", SearchOption.AllDirectories)
            .Where(IsDocumentFile)
            .Where(p => !Path.GetFileName(p).StartsWith('.'))
            .OrderBy(p => RelativeName(seedsDir, p), StringComparer.Ordinal)];

    /// <summary>The id prefix of a document: its path relative to the seeds folder with <c>/</c> separators.</summary>
    public static string RelativeName(string seedsDir, string path) =>
        Path.GetRelativePath(seedsDir, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Reads every document of the folder.</summary>
    public IEnumerable<SeedFileResult> ReadFolder(string seedsDir)
    {
        foreach (var path in ListDocumentFiles(seedsDir))
        {
            yield return ReadFile(seedsDir, path);
        }
    }

    /// <summary>Reads one document; never throws for a bad file, it reports it as skipped instead.</summary>
    public SeedFileResult ReadFile(string seedsDir, string path)
    {
        ArgumentNullException.ThrowIfNull(seedsDir);
        ArgumentNullException.ThrowIfNull(path);
        var name = RelativeName(seedsDir, path);
        try
        {
            var bytes = ReadBytes(path, options.MaxFileBytes, out var sizeProblem);
            if (sizeProblem is { } problem)
            {
                return Skip(path, problem.Kind, problem.Reason);
            }

            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                return Skip(path, SkipKind.Binary, "binary file (contains NUL bytes)");
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
            }
            catch (DecoderFallbackException ex)
            {
                return Skip(path, SkipKind.NotUtf8, $"not valid UTF-8 (byte {ex.Index})");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return Skip(path, SkipKind.Empty, "empty file");
            }

            var document = Parse(name, path, text);
            return document.Passages.Count == 0
                ? Skip(path, SkipKind.NoProse, "no prose paragraphs found")
                : new SeedFileResult(document, null);
        }
        catch (FormatException ex)
        {
            return Skip(path, SkipKind.BadMetadata, ex.Message);
        }
        catch (IOException ex)
        {
            return Skip(path, SkipKind.Unreadable, $"unreadable: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return Skip(path, SkipKind.Unreadable, $"unreadable: {ex.Message}");
        }
    }

    private static SeedDocument Parse(string name, string path, string text)
    {
        var metadata = DocumentMetadata.Empty;
        var body = text;
        var extension = Path.GetExtension(path);
        if (extension.Equals(".html", StringComparison.OrdinalIgnoreCase) || extension.Equals(".htm", StringComparison.OrdinalIgnoreCase))
        {
            (metadata, body) = HtmlText.Extract(text);
        }
        else
        {
            (metadata, body, _) = MetadataParser.SplitFrontMatter(text, path);
        }

        var sidecar = path + SidecarExtension;
        if (File.Exists(sidecar))
        {
            var sidecarText = File.ReadAllText(sidecar, StrictUtf8);
            metadata = metadata.MergeWith(MetadataParser.Parse(sidecarText.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')), sidecar));
        }

        var split = PassageSplitter.Split(body);
        if (metadata.Tags.Count == 0 && split.Tags.Count > 0)
        {
            metadata = metadata with { Tags = split.Tags };
        }

        var title = FirstNonEmpty(metadata.Title, split.Headline, Path.GetFileNameWithoutExtension(path));
        var passages = new List<Passage>();
        for (var i = 0; i < split.Paragraphs.Count; i++)
        {
            var parts = PassageSplitter.Cut(split.Paragraphs[i]);
            for (var p = 0; p < parts.Count; p++)
            {
                passages.Add(Passage.Of(name, i + 1, parts.Count == 1 ? null : p + 1, parts[p]));
            }
        }

        return new SeedDocument(name, Path.GetFullPath(path), title, metadata, passages);
    }

    private static byte[] ReadBytes(string path, long maxBytes, out (SkipKind Kind, string Reason)? problem)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length == 0)
        {
            problem = (SkipKind.Empty, "empty file");
            return [];
        }

        if (stream.Length > maxBytes)
        {
            problem = (SkipKind.TooLarge, $"larger than the {maxBytes:N0}-byte limit ({stream.Length:N0} bytes)");
            return [];
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        problem = null;
        return bytes;
    }

    private static string FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() ?? string.Empty;

    private static SeedFileResult Skip(string path, SkipKind kind, string reason) => new(null, new SkippedFile(path, kind, reason));
}

/// <summary>The outcome of reading one file: a document, or the reason it was skipped.</summary>
public sealed record SeedFileResult(SeedDocument? Document, SkippedFile? Skipped);
