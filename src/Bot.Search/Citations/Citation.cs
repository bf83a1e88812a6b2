namespace Bot.Search.Citations;

/// <summary>The four ways the bot cites a passage.</summary>
public enum CitationStyle
{
    /// <summary>A debate card: tag, cite line, and the passage verbatim with the answering sentence underlined.</summary>
    Card,

    /// <summary>MLA Handbook, 9th edition: a works-cited entry.</summary>
    Mla,

    /// <summary>APA Publication Manual, 7th edition: a reference-list entry.</summary>
    Apa,

    /// <summary>Chicago Manual of Style, 17th edition: a bibliography entry (notes-bibliography system).</summary>
    Chicago,
}

/// <summary>What a paragraph of a citation is: the parts of a card, or a style's entry and its in-text form.</summary>
public enum CitationPart
{
    /// <summary>A card's tag: the claim the card supports.</summary>
    Tag,

    /// <summary>A card's cite line.</summary>
    Cite,

    /// <summary>A card's text: the passage verbatim.</summary>
    CardText,

    /// <summary>A works-cited, reference-list or bibliography entry.</summary>
    Entry,

    /// <summary>The in-text citation or short note that points at the entry, with the paragraph.</summary>
    InText,
}

/// <summary>How a run of a citation is set: italic titles, a card's cite mark, underlined read text, bold matches.</summary>
[Flags]
public enum RunMarks
{
    None = 0,
    Italic = 1,
    Bold = 2,
    Underline = 4,

    /// <summary>A card's "Last YY" in Verbatim's Cite style.</summary>
    CiteMark = 8,
}

/// <summary>A stretch of citation text with one set of marks.</summary>
public sealed record CitationRun(string Text, RunMarks Marks = RunMarks.None);

/// <summary>One paragraph of a citation.</summary>
public sealed record CitationParagraph(CitationPart Part, IReadOnlyList<CitationRun> Runs)
{
    /// <summary>The paragraph's text without marks.</summary>
    public string Text => string.Concat(Runs.Select(r => r.Text));
}

/// <summary>A passage's citation in one style, as paragraphs of marked runs that each output (text, Word) renders.</summary>
public sealed record Citation(CitationStyle Style, string PassageId, IReadOnlyList<CitationParagraph> Paragraphs);
