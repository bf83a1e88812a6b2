using Bot.Search.Citations;

namespace Bot.Search.Ingestion;

/// <summary>
/// Parses the <c>key: value</c> lines shared by Markdown front matter and <c>.meta</c> sidecar files. Keys are
/// case-insensitive (title, publisher, section, url, date, tags, author, author_title, accessed); tags are
/// comma-separated (an optional <c>[a, b]</c> list is accepted); authors are separated by <c>;</c> or given on
/// several <c>author:</c> lines; values may be quoted; blank lines and <c>#</c> comments are ignored. Citations are
/// built from these fields, so a value they cannot use (a date that is not <c>YYYY-MM-DD</c> or <c>YYYY-MM</c>, a
/// link that is not http(s), a value too long to cite) is an error that names the line, never silently dropped.
/// </summary>
public static class MetadataParser
{
    public const string FrontMatterFence = "---";

    /// <summary>Longest value accepted for one field: a title or a list of qualifications, not a paragraph.</summary>
    public const int MaxValueLength = 500;

    /// <summary>Most authors accepted; a citation names at most three (APA lists up to 20, so 20 is plenty).</summary>
    public const int MaxAuthors = 20;

    /// <summary>Parses metadata lines. Unknown keys are ignored; a line that is not <c>key: value</c> is an error.</summary>
    /// <exception cref="FormatException">A line is not <c>key: value</c>; the message names the line number.</exception>
    public static DocumentMetadata Parse(IEnumerable<string> lines, string sourceName, int firstLineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var metadata = DocumentMetadata.Empty;
        var lineNumber = firstLineNumber - 1;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"{sourceName}:{lineNumber}: expected 'key: value', found '{Shorten(line)}'");
            }

            var key = line[..colon].Trim().ToUpperInvariant();
            var value = Unquote(line[(colon + 1)..].Trim());
            if (value.Length == 0)
            {
                continue;
            }

            var where = $"{sourceName}:{lineNumber}";
            if (value.Length > MaxValueLength && key != "TAGS")
            {
                throw new FormatException($"{where}: '{line[..colon].Trim()}' is {value.Length} characters long; at most {MaxValueLength} are accepted");
            }

            metadata = key switch
            {
                "TITLE" => metadata with { Title = value },
                "PUBLISHER" => metadata with { Publisher = value },
                "SECTION" => metadata with { Section = value },
                "URL" or "LINK" => metadata with { Url = CheckUrl(value, where) },
                "DATE" => metadata with { Date = CheckDate(value, "date", where) },
                "ACCESSED" => metadata with { Accessed = CheckDate(value, "accessed", where) },
                "TAGS" => metadata with { Tags = SplitTags(value) },
                "AUTHOR" or "AUTHORS" => metadata with { Authors = AddAuthors(metadata.Authors, value, where) },
                "AUTHOR_TITLE" => metadata with { AuthorTitle = value },
                _ => metadata,
            };
        }

        return metadata;
    }

    /// <summary>
    /// Splits a document into its front matter and body when it starts with a <c>---</c> fence closed by another;
    /// otherwise returns empty metadata and the whole text.
    /// </summary>
    public static (DocumentMetadata Metadata, string Body, int BodyFirstLine) SplitFrontMatter(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Walks the lines up to the closing fence only: the body is everything after it, taken in one piece.
        var firstEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstEnd < 0 || !IsFence(text.AsSpan(0, firstEnd).TrimStart('\uFEFF')))
        {
            return (DocumentMetadata.Empty, text, 1);
        }

        var lines = new List<string>();
        var start = firstEnd + 1;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var line = text.AsSpan(start, (end < 0 ? text.Length : end) - start);
            if (IsFence(line))
            {
                var metadata = Parse(lines, sourceName, firstLineNumber: 2);
                return (metadata, end < 0 ? string.Empty : text[(end + 1)..], lines.Count + 3);
            }

            if (end < 0)
            {
                return (DocumentMetadata.Empty, text, 1);
            }

            lines.Add(line.TrimEnd('\r').ToString());
            start = end + 1;
        }
    }

    /// <summary>A date is <c>YYYY-MM-DD</c> or <c>YYYY-MM</c> and exists on the calendar.</summary>
    private static string CheckDate(string value, string field, string where) =>
        PublicationDate.TryParse(value, out _)
            ? value
            : throw new FormatException($"{where}: {field} '{Shorten(value)}' is not a date written YYYY-MM-DD or YYYY-MM");

    private static string CheckUrl(string value, string where) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? value
            : throw new FormatException($"{where}: url '{Shorten(value)}' is not an http or https link");

    private static List<string> AddAuthors(IReadOnlyList<string> authors, string value, string where)
    {
        List<string> all = [.. authors, .. value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote)];
        if (all.Count > MaxAuthors)
        {
            throw new FormatException($"{where}: {all.Count} authors; at most {MaxAuthors} are accepted");
        }

        foreach (var author in all)
        {
            if (author.Count(c => c == ',') > 1)
            {
                throw new FormatException($"{where}: author '{Shorten(author)}' has more than one comma: write 'First Last' or 'Last, First', and separate authors with ';'");
            }
        }

        return all;
    }

    private static bool IsFence(ReadOnlySpan<char> line) => line.TrimEnd("\r \t").SequenceEqual(FrontMatterFence);

    private static List<string> SplitTags(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            trimmed = trimmed[1..^1];
        }

        return [.. trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote)];
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";
}
