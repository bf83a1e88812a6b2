using System.Text;

namespace Bot.Search.Ingestion;

/// <summary>Limits for reading seed documents.</summary>
public sealed class SeedReaderOptions
{
    /// <summary>Files larger than this are reported and skipped (default 16 MiB).</summary>
    public long MaxFileBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// Most bytes a document may inflate to while it is read (a .docx's zip parts, a PDF's text; default 64 MiB): four
    /// times the file limit, far above the text of any report, far below what a zip bomb expands to.
    /// </summary>
    public long MaxExtractedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most pages a PDF may have (default 2,000: a long GAO or CRS report has a few hundred).</summary>
    public int MaxPdfPages { get; init; } = 2_000;

    /// <summary>Most objects a PDF may list (default 500,000; a 300-page report has tens of thousands).</summary>
    public int MaxPdfObjects { get; init; } = 500_000;

    /// <summary>How long reading one PDF, Word file or web page may take (default 60 s), checked between pages and parts.</summary>
    public TimeSpan ExtractionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock of <see cref="ExtractionTimeout"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Reads the documents of a seeds folder: <c>.txt</c>, <c>.md</c> (with optional front matter), web pages
/// (<c>.html</c>), PDFs and Word <c>.docx</c> files, each sniffed by its content (<see cref="SourceSniffer"/>).
/// Metadata can also come from a sidecar <c>&lt;file name&gt;.meta</c> beside a document, in the same
/// <c>key: value</c> syntax as front matter; the sidecar wins where both set a field. A broken file (binary,
/// invalid UTF-8, empty, too large, unreadable metadata, no prose, a truncated PDF, a zip bomb) is reported with its
/// reason and skipped.
/// </summary>
public sealed class SeedReader(SeedReaderOptions options)
{
    public const string SidecarExtension = ".meta";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public SeedReader()
        : this(new SeedReaderOptions())
    {
    }

    /// <summary>True for the file kinds the reader indexes.</summary>
    public static bool IsDocumentFile(string path) =>
        SourceSniffer.AllExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

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

            var sidecar = path + SidecarExtension;
            var sidecarMetadata = File.Exists(sidecar) ? ReadSidecar(File.ReadAllBytes(sidecar), sidecar) : null;
            return Read(name, Path.GetFullPath(path), bytes, sidecarMetadata);
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

    /// <summary>
    /// Reads a document from its bytes as if it were the file <paramref name="fullPath"/> named <paramref name="name"/>
    /// in the seeds folder, with <paramref name="sidecar"/> as its <c>.meta</c> metadata (which wins over what the
    /// file states): what <c>bot add</c> checks before anything is written. Never throws for a bad document.
    /// </summary>
    public SeedFileResult Read(string name, string fullPath, byte[] bytes, DocumentMetadata? sidecar)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(fullPath);
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            if (bytes.Length == 0)
            {
                return Skip(fullPath, SkipKind.Empty, "empty file");
            }

            if (bytes.Length > options.MaxFileBytes)
            {
                return Skip(fullPath, SkipKind.TooLarge, $"larger than the {options.MaxFileBytes:N0}-byte limit ({bytes.Length:N0} bytes)");
            }

            var format = SourceSniffer.Sniff(bytes, name);
            var deadline = new ExtractionDeadline(options.TimeProvider, options.ExtractionTimeout);
            var limits = new ExtractionLimits(options.MaxExtractedBytes, options.MaxPdfPages, options.MaxPdfObjects, deadline);
            var extracted = format switch
            {
                SourceFormat.Pdf => PdfText.Extract(bytes, limits),
                SourceFormat.Docx => DocxText.Extract(bytes, limits),
                SourceFormat.Html => HtmlText.Extract(bytes, sidecar?.Url, limits),
                _ => PlainText(bytes, fullPath),
            };

            var metadata = sidecar is null ? extracted.Metadata : extracted.Metadata.MergeWith(sidecar);
            if (extracted.Pages.All(string.IsNullOrWhiteSpace))
            {
                return Skip(fullPath, SkipKind.Empty, "empty file");
            }

            var document = Parse(name, fullPath, metadata, extracted);
            return document.Passages.Count == 0
                ? Skip(fullPath, SkipKind.NoProse, "no prose paragraphs found")
                : new SeedFileResult(document, null);
        }
        catch (ExtractionException ex)
        {
            return Skip(fullPath, ex.Kind, ex.Message);
        }
        catch (FormatException ex)
        {
            return Skip(fullPath, SkipKind.BadMetadata, ex.Message);
        }
    }

    /// <summary>Parses a <c>.meta</c> sidecar (UTF-8 <c>key: value</c> lines).</summary>
    /// <exception cref="FormatException">A line cannot be read; the message names <paramref name="sourceName"/> and the line.</exception>
    public static DocumentMetadata ReadSidecar(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException($"{sourceName}: not valid UTF-8 (byte {ex.Index})", ex);
        }

        return MetadataParser.Parse(text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')), sourceName);
    }

    private static ExtractedText PlainText(byte[] bytes, string path)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException ex)
        {
            throw new ExtractionException(SkipKind.NotUtf8, $"not valid UTF-8 (byte {ex.Index})", ex);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExtractionException(SkipKind.Empty, "empty file");
        }

        var (metadata, body, _) = MetadataParser.SplitFrontMatter(text, path);
        return new ExtractedText(metadata, [body], Paged: false);
    }

    private static SeedDocument Parse(string name, string path, DocumentMetadata metadata, ExtractedText extracted)
    {
        var tags = new List<string>();
        string? headline = null;
        var passages = new List<Passage>();
        for (var page = 0; page < extracted.Pages.Count; page++)
        {
            var split = PassageSplitter.Split(extracted.Pages[page]);
            tags.AddRange(split.Tags);
            headline ??= split.Headline;
            for (var i = 0; i < split.Paragraphs.Count; i++)
            {
                var parts = PassageSplitter.Cut(split.Paragraphs[i]);
                for (var p = 0; p < parts.Count; p++)
                {
                    passages.Add(Passage.Of(name, i + 1, parts.Count == 1 ? null : p + 1, parts[p], extracted.Paged ? page + 1 : null));
                }
            }
        }

        if (metadata.Tags.Count == 0 && tags.Count > 0)
        {
            metadata = metadata with { Tags = tags };
        }

        var title = FirstNonEmpty(metadata.Title, headline, Path.GetFileNameWithoutExtension(path));
        return new SeedDocument(name, path, title, metadata, passages);
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
