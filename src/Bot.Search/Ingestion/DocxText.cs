using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Search.Ingestion;

/// <summary>
/// The text of a Word .docx with the Open XML SDK: each paragraph of the body (headings included, which the splitter
/// leaves out of the passages as short lines) becomes one blank-line-separated block; the title, author and date come
/// from the package's core properties.
/// </summary>
internal static class DocxText
{
    private const string MainPart = "word/document.xml";
    private const int MaxEntries = 10_000;

    public static ExtractedText Extract(byte[] bytes, ExtractionLimits limits)
    {
        CheckArchive(bytes, limits);
        try
        {
            // MaxCharactersInPart bounds what the SDK itself inflates; its XML readers prohibit DTDs, so no external
            // entity is ever resolved, and nothing in a package is fetched.
            using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false, new OpenSettings { MaxCharactersInPart = limits.MaxExtractedBytes });
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new ExtractionException(SkipKind.Malformed, "a Word document without a body");
            var sb = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                limits.Deadline.Check();
                var text = ParagraphText(paragraph);
                if (text.Length > 0)
                {
                    sb.Append(text).Append("\n\n");
                }
            }

            return new ExtractedText(Metadata(document.PackageProperties.Title, document.PackageProperties.Creator, document.PackageProperties.Created), [sb.ToString()], Paged: false);
        }
        catch (Exception ex) when (ex is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExtractionException(SkipKind.Malformed, $"not a readable Word document: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Inflates every entry once, counting the bytes that really come out (a zip's declared sizes can lie), so that an
    /// archive inflating past the limit is refused before any XML is parsed.
    /// </summary>
    private static void CheckArchive(byte[] bytes, ExtractionLimits limits)
    {
        var hasMainPart = false;
        long total = 0;
        var buffer = new byte[81920];
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw new ExtractionException(SkipKind.TooLarge, $"a zip of {zip.Entries.Count:N0} entries, over the {MaxEntries:N0}-entry limit");
            }

            foreach (var entry in zip.Entries)
            {
                limits.Deadline.Check();
                hasMainPart |= entry.FullName == MainPart;
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > limits.MaxExtractedBytes)
                    {
                        throw new ExtractionException(SkipKind.TooLarge, $"a .docx that inflates past the {limits.MaxExtractedBytes:N0}-byte limit (a zip bomb?)");
                    }
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ExtractionException(SkipKind.Malformed, $"not a readable zip archive: {ex.Message}", ex);
        }

        if (!hasMainPart)
        {
            throw new ExtractionException(SkipKind.Unsupported, $"a zip archive without {MainPart}: not a Word document");
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text text:
                    sb.Append(text.Text);
                    break;
                case TabChar or Break or CarriageReturn:
                    sb.Append(' ');
                    break;
            }
        }

        return sb.ToString().Trim();
    }

    private static DocumentMetadata Metadata(string? title, string? creator, DateTime? created) => new()
    {
        Title = string.IsNullOrWhiteSpace(title) ? null : title.Trim(),
        Authors = string.IsNullOrWhiteSpace(creator)
            ? []
            : creator.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Date = created is { } date ? date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
    };
}
