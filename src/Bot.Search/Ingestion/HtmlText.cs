using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using SmartReader;

namespace Bot.Search.Ingestion;

/// <summary>
/// The article of a web page saved from a browser (or fetched by <c>bot add</c>): SmartReader, a port of Mozilla's
/// Readability, finds the main content and drops navigation, comments, footers and ads; it also gives the title,
/// byline, publication date and site name. Each block element of the article (paragraph, heading, list item, quote)
/// becomes one blank-line-separated block. A page Readability finds no article in is read whole.
/// </summary>
internal static class HtmlText
{
    private const string BlockSelector = "h1,h2,h3,h4,h5,h6,p,li,blockquote,pre,td,th,dt,dd,figcaption";

    /// <param name="bytes">The page as saved; its charset comes from its BOM or meta tag, else UTF-8.</param>
    /// <param name="url">Where the page came from, when known (for relative links); never fetched.</param>
    /// <param name="limits">The deadline, checked between steps.</param>
    public static ExtractedText Extract(byte[] bytes, string? url, ExtractionLimits limits)
    {
        // A bare HtmlParser has no browsing context: no scripts run, no resource loader, so nothing is fetched.
        var parser = new HtmlParser();
        using var page = parser.ParseDocument(new MemoryStream(bytes, writable: false));
        limits.Deadline.Check();
        var canonical = AbsoluteHttp(page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"), url)
            ?? AbsoluteHttp(page.QuerySelector("meta[property='og:url']")?.GetAttribute("content"), url);
        var pageTitle = Clean(page.Title);
        var baseUrl = url is not null && Uri.TryCreate(url, UriKind.Absolute, out _) ? url : "https://localhost/";
        var article = new Reader(baseUrl, page).GetArticle();
        limits.Deadline.Check();

        IElement? root = null;
        IDisposable? fragment = null;
        if (article.IsReadable && !string.IsNullOrWhiteSpace(article.Content))
        {
            var content = parser.ParseDocument(article.Content);
            fragment = content;
            root = content.Body;
        }

        using (fragment)
        {
            root ??= page.Body;
            var body = root is null ? string.Empty : Blocks(root);
            var author = Clean(article.Author) ?? Clean(article.Byline);
            if (author is not null && author.StartsWith("By ", StringComparison.OrdinalIgnoreCase))
            {
                author = author[3..].Trim();
            }

            var metadata = new DocumentMetadata
            {
                Title = Clean(article.Title) ?? pageTitle,
                Authors = author is null ? [] : [author],
                Date = article.PublicationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Publisher = Clean(article.SiteName),
                Url = canonical,
            };
            return new ExtractedText(metadata, [body], Paged: false);
        }
    }

    private static string Blocks(IElement root)
    {
        var sb = new StringBuilder();
        var blocks = root.QuerySelectorAll(BlockSelector).Where(e => e.QuerySelector(BlockSelector) is null).ToList();
        if (blocks.Count == 0)
        {
            return root.TextContent;
        }

        foreach (var block in blocks)
        {
            if (Clean(block.TextContent) is { } text)
            {
                sb.Append(text).Append("\n\n");
            }
        }

        return sb.ToString();
    }

    private static string? AbsoluteHttp(string? href, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        Uri? uri = null;
        if (!Uri.TryCreate(href.Trim(), UriKind.Absolute, out uri) && baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var b))
        {
            Uri.TryCreate(b, href.Trim(), out uri);
        }

        return uri is { Scheme: "http" or "https" } ? uri.AbsoluteUri : null;
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
