namespace Bot.Search.Indexing;

/// <summary>Field names of a passage's Lucene document.</summary>
internal static class PassageFields
{
    /// <summary>
    /// Passage id <c>&lt;file&gt;#&lt;paragraph&gt;</c>, or <c>&lt;file&gt;#&lt;paragraph&gt;.&lt;part&gt;</c> for a part
    /// of a cut paragraph; indexed as one term, stored.
    /// </summary>
    public const string Id = "id";

    /// <summary>Document name relative to the seeds folder; indexed as one term, stored.</summary>
    public const string Document = "doc";

    /// <summary>Document path relative to the repository root, for citations; stored.</summary>
    public const string SourceFile = "source";

    /// <summary>Document title; analyzed and stored.</summary>
    public const string Title = "title";

    /// <summary>The passage text verbatim; analyzed and stored.</summary>
    public const string Text = "text";

    /// <summary>1-based paragraph number; stored.</summary>
    public const string Paragraph = "paragraph";

    /// <summary>1-based part of a paragraph cut into several passages; stored, only on such parts.</summary>
    public const string Part = "part";

    /// <summary>1-based page of a paged document (a PDF); stored, only on such passages.</summary>
    public const string Page = "page";

    public const string Publisher = "publisher";

    public const string Section = "section";

    public const string Url = "url";

    public const string Date = "date";

    /// <summary>Authors, one stored value each, in byline order.</summary>
    public const string Authors = "authors";

    public const string AuthorTitle = "author_title";

    public const string Accessed = "accessed";

    /// <summary>Tags, one value each; analyzed and stored.</summary>
    public const string Tags = "tags";
}
