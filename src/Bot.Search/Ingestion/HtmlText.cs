using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Search.Ingestion;

/// <summary>
/// Turns an HTML page saved from a browser into plain text blocks (one per paragraph-level element) and takes its
/// title from <c>&lt;title&gt;</c> or the first <c>&lt;h1&gt;</c>. Deliberately small: no DOM, no scripts.
/// </summary>
internal static partial class HtmlText
{
    public static (DocumentMetadata Metadata, string Body) Extract(string html)
    {
        var withoutCode = NonContentRegex().Replace(html, " ");
        var title = TitleRegex().Match(withoutCode) is { Success: true } t ? Clean(t.Groups[1].Value)
            : H1Regex().Match(withoutCode) is { Success: true } h ? Clean(h.Groups[1].Value) : null;
        var bodyHtml = HeadRegex().Replace(withoutCode, " ");
        var blocks = BlockBoundaryRegex().Replace(bodyHtml, "\n\n");
        var text = TagRegex().Replace(blocks, " ");
        var sb = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            sb.Append(Clean(line)).Append('\n');
        }

        var metadata = string.IsNullOrWhiteSpace(title) ? DocumentMetadata.Empty : new DocumentMetadata { Title = title };
        return (metadata, sb.ToString());
    }

    private static string Clean(string fragment) =>
        SpaceRegex().Replace(WebUtility.HtmlDecode(TagRegex().Replace(fragment, " ")), " ").Trim();

    [GeneratedRegex(@"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex NonContentRegex();

    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitleRegex();

    [GeneratedRegex(@"<h1\b[^>]*>(.*?)</h1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex H1Regex();

    [GeneratedRegex(@"<head\b.*?</head\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HeadRegex();

    [GeneratedRegex(@"</?(p|div|br|h[1-6]|li|ul|ol|blockquote|section|article|header|footer|nav|tr|table|figure|figcaption)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBoundaryRegex();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex SpaceRegex();
}
