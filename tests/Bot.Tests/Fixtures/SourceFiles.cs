using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PdfPageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Bot.Tests.Fixtures;

/// <summary>Small real documents built in code: a PDF, a Word file and a saved news page, and hostile ones.</summary>
internal static class SourceFiles
{
    public const string PdfFirst = "County sheriffs told the committee that honoring detainers without a warrant exposes their deputies to lawsuits over unlawful detention.";
    public const string PdfSecond = "The report recommends that federal agents obtain a judicial warrant before asking a county jail to hold anyone past release.";

    public const string DocxFirst = "Several counties ended their agreements with immigration authorities after courts found the holds unconstitutional.";
    public const string DocxSecond = "Budget officers estimated that jail holds cost the county four hundred thousand dollars in overtime each year.";

    public const string PageFirst = "The county board voted on Tuesday to stop honoring immigration detainers that are not signed by a judge, ending a practice that began in 2009.";
    public const string PageSecond = "Sheriff Dana Ortiz told the board that her deputies had been named in three lawsuits over holds that lasted past a prisoner's release date.";
    public const string PageThird = "Advocates for immigrants welcomed the vote, while two supervisors warned that the change could strain the county's relations with federal agencies.";
    public const string PageFourth = "Under the new policy, the jail will release people on schedule unless a judge has signed a warrant, and it will notify federal officers of the release time when asked.";

    /// <summary>A two-page PDF: a heading and a paragraph (set on two lines) on page 1, a paragraph on page 2.</summary>
    public static byte[] Pdf(string title = "Detainers and county jails", string author = "Morgan Lee")
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = author;
        builder.DocumentInformation.CreationDate = "D:20240315120000Z";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var first = builder.AddPage(PdfPageSize.A4);
        first.AddText("Findings", 18, new PdfPoint(60, 760), font);
        WriteLines(first, font, PdfFirst, 700);
        var second = builder.AddPage(PdfPageSize.A4);
        WriteLines(second, font, PdfSecond, 760);
        return builder.Build();
    }

    /// <summary>A one-page PDF whose only content is a picture: no text layer.</summary>
    public static byte[] ImageOnlyPdf()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PdfPageSize.A4);
        page.AddPng(Png(), new PdfRectangle(50, 50, 300, 300));
        return builder.Build();
    }

    /// <summary>A .docx with a title heading, a section heading and two body paragraphs, and core properties.</summary>
    public static byte[] Docx(string title = "Jail holds in practice", string author = "Priya Raman")
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = author;
            document.PackageProperties.Created = new DateTime(2023, 6, 2, 0, 0, 0, DateTimeKind.Utc);
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                Heading("Heading1", title),
                Heading("Heading2", "Counties"),
                new Paragraph(new Run(new Text(DocxFirst))),
                Heading("Heading2", "Costs"),
                new Paragraph(new Run(new Text("Budget officers estimated that jail holds cost the county ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text("four hundred thousand dollars in overtime each year.")))));
        }

        return stream.ToArray();
    }

    /// <summary>A zip holding a Word main part that inflates to <paramref name="inflatedBytes"/> (a zip bomb in small).</summary>
    public static byte[] InflatingDocx(int inflatedBytes)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var written = 0; written < inflatedBytes; written += chunk.Length)
            {
                part.Write(chunk);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A news page as a browser saves it: navigation, the article, reader comments and a footer.</summary>
    public static string NewsPage(string canonical = "https://news.example.org/2024/05/county-ends-detainers") => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>County ends detainer holds | Valley Ledger</title>
        <link rel="canonical" href="{{canonical}}">
        <meta property="og:site_name" content="Valley Ledger">
        <meta property="og:title" content="County ends detainer holds">
        <meta name="author" content="Jordan Mills">
        <meta property="article:published_time" content="2024-05-07T09:00:00Z">
        </head><body>
        <header><nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/sports">Sports</a></li><li><a href="/subscribe">Subscribe today and get unlimited access to every story we publish for one low price.</a></li></ul></nav></header>
        <main><article>
        <h1>County ends detainer holds</h1>
        <p class="byline">By Jordan Mills</p>
        <p>{{PageFirst}}</p>
        <p>{{PageSecond}}</p>
        <p>{{PageThird}}</p>
        <p>{{PageFourth}}</p>
        </article>
        <section id="comments" class="comments"><h2>Comments</h2>
        <div class="comment"><p>This is the worst decision the board has made in years and everyone knows it is about politics.</p></div>
        <div class="comment"><p>Finally somebody on the board reads the constitution, thank you to the sheriff for speaking up.</p></div>
        </section></main>
        <footer class="site-footer"><p>Copyright 2024 Valley Ledger Media Group. All rights reserved. Read our privacy policy and terms of service.</p></footer>
        </body></html>
        """;

    /// <summary>A 1×1 PNG, written by hand: no served package writes images (PdfPig embeds them, it does not make them).</summary>
    public static byte[] Png()
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, 1);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 1);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var z = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write([0, 200, 30, 30]);
        }

        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteLines(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, string paragraph, double top)
    {
        var words = paragraph.Split(' ');
        var half = words.Length / 2;
        page.AddText(string.Join(' ', words[..half]), 12, new PdfPoint(60, top), font);
        page.AddText(string.Join(' ', words[half..]), 12, new PdfPoint(60, top - 15), font);
    }

    private static Paragraph Heading(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typed));
        png.Write(crc);
    }
}
