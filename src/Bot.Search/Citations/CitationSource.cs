using Bot.Search.Answers;

namespace Bot.Search.Citations;

/// <summary>
/// What every citation style is built from: the document's own metadata and the passage's place in it. Nothing is
/// filled in that the document does not state; each style leaves out what is missing by its own rules.
/// </summary>
/// <param name="Title">The document's title (never empty).</param>
/// <param name="Authors">Its authors in byline order; empty when it names none.</param>
/// <param name="AuthorTitle">The authors' qualifications, for a card's cite.</param>
/// <param name="Container">The publication the document appeared in (a newspaper, a site), when known.</param>
/// <param name="Date">When it was published, to the day or the month, when known.</param>
/// <param name="Url">Its link, when known.</param>
/// <param name="Accessed">When the online copy was read, when known.</param>
/// <param name="Paragraph">1-based paragraph of the passage.</param>
/// <param name="Part">1-based part of a paragraph cut into several passages.</param>
public sealed record CitationSource(
    string Title,
    IReadOnlyList<PersonName> Authors,
    string? AuthorTitle,
    string? Container,
    PublicationDate? Date,
    string? Url,
    PublicationDate? Accessed,
    int Paragraph,
    int? Part = null)
{
    /// <summary>1-based page of a paged document (a PDF), whose paragraphs are numbered within the page.</summary>
    public int? Page { get; init; }

    /// <summary>The citation data of a quoted passage's source.</summary>
    public static CitationSource From(PassageSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new CitationSource(
            source.Title,
            [.. source.Authors.Select(PersonName.Parse)],
            Blank(source.AuthorTitle),
            Blank(source.Publisher),
            PublicationDate.ParseOrNull(source.Date),
            Blank(source.Url),
            PublicationDate.ParseOrNull(source.Accessed),
            source.Paragraph,
            source.Part)
        {
            Page = source.Page,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
