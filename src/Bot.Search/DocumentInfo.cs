namespace Bot.Search;

/// <summary>A document of the corpus, as <c>sources</c> lists it.</summary>
/// <param name="Title">Document title.</param>
/// <param name="Publisher">Publisher, when known.</param>
/// <param name="Url">Canonical link, when known.</param>
/// <param name="File">Path relative to the repository root (for example <c>seeds/article.txt</c>).</param>
/// <param name="PassageCount">Number of passages (body paragraphs) indexed from it.</param>
/// <param name="Date">Publication date as the metadata gives it, when known.</param>
public sealed record DocumentInfo(string Title, string? Publisher, string? Url, string File, int PassageCount, string? Date);
