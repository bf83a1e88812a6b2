namespace Bot.Search.Ingestion;

/// <summary>
/// A document's text as the passage splitter reads it (blank-line-separated blocks), with the metadata the file
/// states about itself. A paged document (a PDF) has one text per page; others have one in all.
/// </summary>
/// <param name="Metadata">Title, authors, date and the like from the file itself (PDF info, Word properties, page meta tags).</param>
/// <param name="Pages">The text, one entry per page of a paged document.</param>
/// <param name="Paged">True when <paramref name="Pages"/> are real pages, numbered in the passages' locators.</param>
internal sealed record ExtractedText(DocumentMetadata Metadata, IReadOnlyList<string> Pages, bool Paged);

/// <summary>Limits that bound the work a hostile document can cause while it is read.</summary>
/// <param name="MaxExtractedBytes">Most bytes of text and markup a document may inflate to (a .docx zip's parts, a PDF's text).</param>
/// <param name="MaxPages">Most pages a PDF may have.</param>
/// <param name="MaxObjects">Most objects a PDF's cross-reference table may list.</param>
/// <param name="Deadline">When the extraction must stop; checked between pages and parts.</param>
internal sealed record ExtractionLimits(long MaxExtractedBytes, int MaxPages, int MaxObjects, ExtractionDeadline Deadline);

/// <summary>
/// The time one document may take to read. The parsers are synchronous and cannot be interrupted, so the clock is
/// read between pages and parts: a document whose pages each take long is stopped at the next page.
/// </summary>
internal sealed class ExtractionDeadline(TimeProvider timeProvider, TimeSpan limit)
{
    private readonly DateTimeOffset _end = timeProvider.GetUtcNow() + limit;

    /// <exception cref="ExtractionException">The time is up.</exception>
    public void Check()
    {
        if (timeProvider.GetUtcNow() > _end)
        {
            throw new ExtractionException(SkipKind.TimedOut, $"reading it took longer than the {limit.TotalSeconds:0}-second limit");
        }
    }
}
