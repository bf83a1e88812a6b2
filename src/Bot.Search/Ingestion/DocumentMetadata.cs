namespace Bot.Search.Ingestion;

/// <summary>
/// What a document says about itself, from front matter or from a <c>.meta</c> sidecar beside it. Every member is
/// optional: a document without metadata still gets a title from its text or file name.
/// </summary>
public sealed record DocumentMetadata
{
    public static DocumentMetadata Empty { get; } = new();

    public string? Title { get; init; }

    public string? Publisher { get; init; }

    public string? Section { get; init; }

    public string? Url { get; init; }

    /// <summary>Publication date: <c>YYYY-MM-DD</c>, or <c>YYYY-MM</c> when only the month is known (checked when parsed).</summary>
    public string? Date { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The authors as the document names them ("Diane Goldstein", or "Goldstein, Diane"), in byline order.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The authors' qualifications, as a card's cite gives them ("executive director, LEAP").</summary>
    public string? AuthorTitle { get; init; }

    /// <summary>When the online copy was read, <c>YYYY-MM-DD</c> or <c>YYYY-MM</c>.</summary>
    public string? Accessed { get; init; }

    /// <summary>Fields of <paramref name="overrides"/> win where they are set.</summary>
    public DocumentMetadata MergeWith(DocumentMetadata overrides) => new()
    {
        Title = overrides.Title ?? Title,
        Publisher = overrides.Publisher ?? Publisher,
        Section = overrides.Section ?? Section,
        Url = overrides.Url ?? Url,
        Date = overrides.Date ?? Date,
        Tags = overrides.Tags.Count > 0 ? overrides.Tags : Tags,
        Authors = overrides.Authors.Count > 0 ? overrides.Authors : Authors,
        AuthorTitle = overrides.AuthorTitle ?? AuthorTitle,
        Accessed = overrides.Accessed ?? Accessed,
    };
}
