using System.Globalization;
using System.Text.Json.Serialization;

namespace Bot.Search.Ingestion;

/// <summary>
/// One passage of a document, the unit the index stores, quotes and cites: a body paragraph, or one part of a long
/// paragraph cut between sentences (<see cref="PassageSplitter.Cut"/>).
/// </summary>
/// <param name="Id">Stable id <c>&lt;file name&gt;#&lt;paragraph&gt;</c>, or <c>&lt;file name&gt;#&lt;paragraph&gt;.&lt;part&gt;</c> for a part;
/// in a paged document (a PDF) <c>&lt;file name&gt;#p&lt;page&gt;.&lt;paragraph&gt;</c>, and a part after it.</param>
/// <param name="Paragraph">1-based paragraph number within the document's body, or within its page in a paged document.</param>
/// <param name="Text">The passage verbatim (a substring of the document's text), trimmed of surrounding whitespace only.</param>
/// <param name="Part">1-based part number within a paragraph that was cut; null for a whole paragraph.</param>
/// <param name="Page">1-based page of a paged document (a PDF); null for documents without pages.</param>
public sealed record Passage(string Id, int Paragraph, string Text, int? Part = null, int? Page = null)
{
    /// <summary>The passage of <paramref name="fileName"/> at <paramref name="paragraph"/> (and <paramref name="part"/>, and <paramref name="page"/>), with its id.</summary>
    public static Passage Of(string fileName, int paragraph, int? part, string text, int? page = null)
    {
        var where = page is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"p{n}.{paragraph}")
            : paragraph.ToString(CultureInfo.InvariantCulture);
        var id = part is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"{fileName}#{where}.{p}")
            : $"{fileName}#{where}";
        return new(id, paragraph, text, part, page);
    }
}

/// <summary>A document read from the seeds folder, with its metadata and body passages.</summary>
/// <param name="FileName">Path relative to the seeds folder, with <c>/</c> separators (the passage id prefix).</param>
/// <param name="FullPath">Absolute path of the document.</param>
/// <param name="Title">Title from metadata, else the headline, else the file name; never empty.</param>
/// <param name="Metadata">Front matter and sidecar metadata (tags may come from a <c>Tags</c> line).</param>
/// <param name="Passages">Body passages in order.</param>
public sealed record SeedDocument(string FileName, string FullPath, string Title, DocumentMetadata Metadata, IReadOnlyList<Passage> Passages);

/// <summary>A file that was not indexed, and why.</summary>
/// <param name="Path">The file's path.</param>
/// <param name="Kind">The kind of problem, what summaries count files by.</param>
/// <param name="Reason">The problem in full (a byte offset, a file:line, a size).</param>
public sealed record SkippedFile(string Path, SkipKind Kind, string Reason);

/// <summary>Why a file was skipped.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SkipKind>))]
public enum SkipKind
{
    /// <summary>Contains NUL bytes.</summary>
    Binary,

    /// <summary>Not valid UTF-8.</summary>
    NotUtf8,

    /// <summary>No text at all.</summary>
    Empty,

    /// <summary>Over <see cref="SeedReaderOptions.MaxFileBytes"/>.</summary>
    TooLarge,

    /// <summary>Front matter or sidecar metadata that cannot be read.</summary>
    BadMetadata,

    /// <summary>The file system refused to read it.</summary>
    Unreadable,

    /// <summary>Text without a paragraph of prose in it.</summary>
    NoProse,

    /// <summary>Content that is not a format the bot reads, or not the format its name says (a renamed binary).</summary>
    Unsupported,

    /// <summary>A PDF or Word file that cannot be parsed (truncated, corrupt).</summary>
    Malformed,

    /// <summary>A PDF or Word file without a text layer (a scanned, image-only PDF).</summary>
    NoText,

    /// <summary>Extraction took longer than SeedReaderOptions.ExtractionTimeout.</summary>
    TimedOut,
}
