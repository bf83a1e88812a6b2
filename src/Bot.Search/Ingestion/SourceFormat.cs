namespace Bot.Search.Ingestion;

/// <summary>The kinds of document the bot reads, decided from a file's content (its name must agree).</summary>
public enum SourceFormat
{
    Text,
    Markdown,
    Html,
    Pdf,
    Docx,
}

/// <summary>
/// Decides a document's format from its first bytes, never from its name alone: a binary renamed <c>.pdf</c> or
/// <c>.txt</c> is refused with what it is, and a name whose extension disagrees with the content is refused too, so
/// that the file kept in <c>seeds/</c> is read the same way every time. The signatures are checked here by hand: the
/// one sniffing package served (Mime-Detective 0.0.6-beta5) is an unmaintained beta, and the bot needs only a few.
/// </summary>
public static class SourceSniffer
{
    /// <summary>Extensions of each format, the first being the one a downloaded document is saved under.</summary>
    public static IReadOnlyDictionary<SourceFormat, string[]> Extensions { get; } = new Dictionary<SourceFormat, string[]>
    {
        [SourceFormat.Text] = [".txt"],
        [SourceFormat.Markdown] = [".md", ".markdown"],
        [SourceFormat.Html] = [".html", ".htm"],
        [SourceFormat.Pdf] = [".pdf"],
        [SourceFormat.Docx] = [".docx"],
    };

    /// <summary>All extensions the reader indexes.</summary>
    public static IReadOnlyList<string> AllExtensions { get; } = [.. Extensions.Values.SelectMany(e => e)];

    /// <summary>The format of <paramref name="bytes"/>, checked against the extension of <paramref name="name"/>.</summary>
    /// <exception cref="ExtractionException">The content is not a format the bot reads, or not the one the name says.</exception>
    public static SourceFormat Sniff(ReadOnlySpan<byte> bytes, string name)
    {
        var extension = Path.GetExtension(name);
        SourceFormat? named = Extensions.Where(e => e.Value.Contains(extension, StringComparer.OrdinalIgnoreCase)).Select(e => (SourceFormat?)e.Key).FirstOrDefault();
        if (Content(bytes) is not { } content)
        {
            var what = Describe(bytes);
            throw named is SourceFormat.Pdf or SourceFormat.Docx
                ? new ExtractionException(SkipKind.Unsupported, $"named {extension} but its content is {what}")
                : what == BinaryData
                ? new ExtractionException(SkipKind.Binary, "binary file (contains NUL bytes)")
                : new ExtractionException(SkipKind.Unsupported, $"not a document the bot reads: {what}");
        }

        if (named is not { } expected)
        {
            throw new ExtractionException(SkipKind.Unsupported, $"the name '{Path.GetFileName(name)}' has no extension the bot reads; {Describe(bytes)} is named {Extensions[content][0]}");
        }

        // Text formats are told apart by the name (a Markdown file may hold HTML); binary ones by their content.
        if (IsText(content) && IsText(expected))
        {
            return expected;
        }

        return content == expected
            ? content
            : throw new ExtractionException(SkipKind.Unsupported, $"named {extension} but its content is {Describe(bytes)}");
    }

    /// <summary>The format the content says, whatever the name (what a downloaded document is saved as).</summary>
    /// <exception cref="ExtractionException">The content is not a format the bot reads.</exception>
    public static SourceFormat SniffContent(ReadOnlySpan<byte> bytes) =>
        Content(bytes) ?? throw new ExtractionException(SkipKind.Unsupported, $"not a document the bot reads: {Describe(bytes)}");

    /// <summary>A short description of what the bytes are, for refusals.</summary>
    public static string Describe(ReadOnlySpan<byte> bytes) => Content(bytes) switch
    {
        SourceFormat.Pdf => "a PDF",
        SourceFormat.Docx => "a zip archive (a Word .docx is one)",
        SourceFormat.Html => "an HTML page",
        SourceFormat.Text or SourceFormat.Markdown => "text",
        _ => Binary(bytes),
    };

    private const string BinaryData = "binary data";

    private static bool IsText(SourceFormat format) => format is SourceFormat.Text or SourceFormat.Markdown or SourceFormat.Html;

    private static SourceFormat? Content(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return SourceFormat.Pdf;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            // Whether the zip holds a Word document is checked when it is opened (its parts need not come first).
            return SourceFormat.Docx;
        }

        if (Binary(bytes) != BinaryData || bytes.IndexOf((byte)0) >= 0)
        {
            return null;
        }

        var head = System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            ? SourceFormat.Html
            : SourceFormat.Text;
    }

    private static string Binary(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? "a PNG image"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "a JPEG image"
        : bytes.StartsWith("GIF8"u8) ? "a GIF image"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]) ? "a legacy Office file (.doc); save it as .docx or PDF"
        : bytes.StartsWith("{\\rtf"u8) ? "an RTF file; save it as .docx or PDF"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) ? "a gzip archive"
        : bytes.StartsWith("MZ"u8) ? "a Windows program"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']) ? "a program"
        : BinaryData;
}

/// <summary>A document the reader refuses, with the kind of problem and the reason in full.</summary>
public sealed class ExtractionException : Exception
{
    public ExtractionException(SkipKind kind, string reason, Exception? inner = null)
        : base(reason, inner) => Kind = kind;

    public ExtractionException()
        : this(SkipKind.Unsupported, "unsupported document")
    {
    }

    public ExtractionException(string message)
        : this(SkipKind.Unsupported, message)
    {
    }

    public ExtractionException(string message, Exception innerException)
        : this(SkipKind.Unsupported, message, innerException)
    {
    }

    public SkipKind Kind { get; }
}
