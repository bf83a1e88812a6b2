namespace Bot.Search.Ingestion;

/// <summary>One body paragraph of a document, the unit the index stores, quotes and cites.</summary>
/// <param name="Id">Stable id <c>&lt;file name&gt;#&lt;paragraph&gt;</c>.</param>
/// <param name="Paragraph">1-based paragraph number within the document's body.</param>
/// <param name="Text">The paragraph verbatim, trimmed of surrounding whitespace only.</param>
public sealed record Passage(string Id, int Paragraph, string Text);

/// <summary>A document read from the seeds folder, with its metadata and body passages.</summary>
/// <param name="FileName">Path relative to the seeds folder, with <c>/</c> separators (the passage id prefix).</param>
/// <param name="FullPath">Absolute path of the document.</param>
/// <param name="Title">Title from metadata, else the headline, else the file name; never empty.</param>
/// <param name="Metadata">Front matter and sidecar metadata (tags may come from a <c>Tags</c> line).</param>
/// <param name="Passages">Body paragraphs in order.</param>
public sealed record SeedDocument(string FileName, string FullPath, string Title, DocumentMetadata Metadata, IReadOnlyList<Passage> Passages);

/// <summary>A file that was not indexed, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);
