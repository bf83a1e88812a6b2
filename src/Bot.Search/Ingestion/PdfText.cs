using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Bot.Search.Ingestion;

/// <summary>
/// The text of a PDF, page by page, with PdfPig's layout analysis: letters are grouped into words by their nearest
/// neighbours (so words set with kerning or in columns do not run together), words into blocks by Docstrum (a block
/// is a paragraph, a heading or a caption), and blocks are put in reading order. Each block becomes one
/// blank-line-separated block of the page's text, so the passage splitter finds the paragraphs the page shows.
/// </summary>
internal static class PdfText
{
    public static ExtractedText Extract(byte[] bytes, ExtractionLimits limits)
    {
        PdfDocument document;
        try
        {
            // Strict parsing: a truncated or damaged file is refused rather than guessed at. PdfPig reads only the
            // bytes it is given; it has no network or file access to follow.
            document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExtractionException(SkipKind.Malformed, $"not a readable PDF: {ex.Message}", ex);
        }

        using (document)
        {
            try
            {
                return Read(document, limits);
            }
            catch (Exception ex) when (ex is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
            {
                throw new ExtractionException(SkipKind.Malformed, $"not a readable PDF: {ex.Message}", ex);
            }
        }
    }

    private static ExtractedText Read(PdfDocument document, ExtractionLimits limits)
    {
        if (document.NumberOfPages > limits.MaxPages)
        {
            throw new ExtractionException(SkipKind.TooLarge, $"a PDF of {document.NumberOfPages:N0} pages, over the {limits.MaxPages:N0}-page limit");
        }

        var objects = document.Structure.CrossReferenceTable.ObjectOffsets.Count;
        if (objects > limits.MaxObjects)
        {
            throw new ExtractionException(SkipKind.TooLarge, $"a PDF of {objects:N0} objects, over the {limits.MaxObjects:N0}-object limit");
        }

        var pages = new List<string>(document.NumberOfPages);
        long extracted = 0;
        var anyText = false;
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            limits.Deadline.Check();
            var page = document.GetPage(n);
            var words = page.GetWords(NearestNeighbourWordExtractor.Instance).Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
            var sb = new StringBuilder();
            if (words.Count > 0)
            {
                anyText = true;
                var blocks = UnsupervisedReadingOrderDetector.Instance.Get(DocstrumBoundingBoxes.Instance.GetBlocks(words));
                foreach (var block in blocks)
                {
                    // A block's lines are one paragraph: joined with spaces, as the splitter expects of a paragraph.
                    sb.AppendJoin(' ', block.TextLines.Select(l => l.Text.Trim())).Append("\n\n");
                }
            }

            extracted += sb.Length;
            if (extracted > limits.MaxExtractedBytes)
            {
                throw new ExtractionException(SkipKind.TooLarge, $"a PDF whose text exceeds the {limits.MaxExtractedBytes:N0}-character limit");
            }

            pages.Add(sb.ToString());
        }

        if (!anyText)
        {
            throw new ExtractionException(SkipKind.NoText, $"a PDF of {document.NumberOfPages:N0} {(document.NumberOfPages == 1 ? "page" : "pages")} without a text layer (scanned or image-only: it needs OCR first)");
        }

        return new ExtractedText(Metadata(document.Information), pages, Paged: true);
    }

    private static DocumentMetadata Metadata(DocumentInformation information)
    {
        var authors = string.IsNullOrWhiteSpace(information.Author)
            ? []
            : information.Author.Split([';', '&'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new DocumentMetadata
        {
            Title = string.IsNullOrWhiteSpace(information.Title) ? null : information.Title.Trim(),
            Authors = authors,
            Date = information.GetCreatedDateTimeOffset() is { } created ? created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        };
    }
}
