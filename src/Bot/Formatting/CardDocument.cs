using System.Text;
using Bot.Search.Citations;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Formatting;

/// <summary>
/// A Word file of debate cards in the structure of Verbatim, the template debaters cut cards in: a Pocket heading for
/// the file, a Block heading for the question, one card per passage (its tag in Tag, its cite line with "Last YY" in
/// the Cite character style, its text with the read part underlined with real Word underline and the matched words
/// bold), then a Block listing every card's MLA entry in the same order. Verbatim's levels are Word's built-in
/// Headings 1-4 with the aliases Pocket, Hat, Block and Tag, so the file opens with its navigation pane in Word with
/// or without the template; with the template its own styles take over.
/// </summary>
internal static class CardDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Style ids as Verbatim names them.</summary>
    public const string PocketStyle = "Heading1";
    public const string HatStyle = "Heading2";
    public const string BlockStyle = "Heading3";
    public const string TagStyle = "Heading4";
    public const string CiteStyle = "Style13ptBold";
    public const string UnderlineStyle = "StyleUnderline";
    public const string EmphasisStyle = "Emphasis";

    /// <summary>The .docx bytes for <paramref name="cards"/> (card citations) and their <paramref name="entries"/> (MLA, same order).</summary>
    public static byte[] Build(string heading, string? question, IReadOnlyList<Citation> cards, IReadOnlyList<Citation> entries)
    {
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(entries);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();
            var body = new Body();
            body.Append(Heading(PocketStyle, heading));
            if (!string.IsNullOrWhiteSpace(question))
            {
                body.Append(Heading(BlockStyle, question));
            }

            foreach (var card in cards)
            {
                foreach (var paragraph in card.Paragraphs)
                {
                    body.Append(paragraph.Part switch
                    {
                        CitationPart.Tag => Paragraph(TagStyle, paragraph.Runs),
                        _ => Paragraph(null, paragraph.Runs),
                    });
                }
            }

            if (entries.Count > 0)
            {
                body.Append(Heading(BlockStyle, "Works cited (MLA)"));
                foreach (var entry in entries)
                {
                    body.Append(Paragraph(null, entry.Paragraphs.First(p => p.Part == CitationPart.Entry).Runs));
                }
            }

            body.Append(new SectionProperties(new PageSize { Width = 12240U, Height = 15840U }, new PageMargin { Top = 1440, Bottom = 1440, Left = 1440U, Right = 1440U, Header = 720U, Footer = 720U, Gutter = 0U }));
            main.Document = new Document(body);
            document.PackageProperties.Title = heading;
            document.PackageProperties.Creator = "bot";
        }

        return stream.ToArray();
    }

    private static Paragraph Heading(string style, string text) => Paragraph(style, [new CitationRun(text)]);

    private static Paragraph Paragraph(string? style, IReadOnlyList<CitationRun> runs)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        foreach (var run in runs)
        {
            paragraph.Append(Run(run));
        }

        return paragraph;
    }

    private static Run Run(CitationRun citationRun)
    {
        var marks = citationRun.Marks;
        var properties = new RunProperties();
        var characterStyle = marks.HasFlag(RunMarks.CiteMark) ? CiteStyle
            : marks.HasFlag(RunMarks.Underline) && marks.HasFlag(RunMarks.Bold) ? EmphasisStyle
            : marks.HasFlag(RunMarks.Underline) ? UnderlineStyle
            : null;
        if (characterStyle is not null)
        {
            properties.Append(new RunStyle { Val = characterStyle });
        }

        // Direct formatting as well as the style: the marks survive when Verbatim's own styles replace these.
        if (marks.HasFlag(RunMarks.Bold) || marks.HasFlag(RunMarks.CiteMark))
        {
            properties.Append(new Bold());
        }

        if (marks.HasFlag(RunMarks.Italic))
        {
            properties.Append(new Italic());
        }

        if (marks.HasFlag(RunMarks.Underline))
        {
            properties.Append(new Underline { Val = UnderlineValues.Single });
        }

        var run = new Run();
        if (properties.HasChildren)
        {
            run.Append(properties);
        }

        var lines = XmlSafe(citationRun.Text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i].TrimEnd('\r')) { Space = SpaceProcessingModeValues.Preserve });
        }

        return run;
    }

    /// <summary>Characters XML cannot carry (C0 controls other than tab and line breaks) become U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        if (!text.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r')))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c < ' ' && c is not ('\t' or '\n' or '\r') ? '\uFFFD' : c);
        }

        return sb.ToString();
    }

    private static Styles Styles()
    {
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                    new FontSize { Val = "22" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        styles.Append(HeadingStyle(PocketStyle, "heading 1", "Pocket", 0, "52"));
        styles.Append(HeadingStyle(HatStyle, "heading 2", "Hat", 1, "44"));
        styles.Append(HeadingStyle(BlockStyle, "heading 3", "Block", 2, "32"));
        styles.Append(HeadingStyle(TagStyle, "heading 4", "Tag", 3, "26"));
        styles.Append(CharacterStyle(CiteStyle, "Style 13 pt Bold", "Cite", new StyleRunProperties(new Bold(), new FontSize { Val = "26" })));
        styles.Append(CharacterStyle(UnderlineStyle, "Style Underline", "Underline", new StyleRunProperties(new Underline { Val = UnderlineValues.Single })));
        styles.Append(CharacterStyle(EmphasisStyle, "Emphasis", null, new StyleRunProperties(new Bold(), new Underline { Val = UnderlineValues.Single })));
        return styles;
    }

    private static Style HeadingStyle(string id, string name, string alias, int level, string halfPoints) =>
        new(
            new StyleName { Val = name },
            new Aliases { Val = alias },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = level }),
            new StyleRunProperties(new Bold(), new FontSize { Val = halfPoints }))
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
        };

    private static Style CharacterStyle(string id, string name, string? alias, StyleRunProperties properties)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Character, StyleId = id };
        if (alias is not null)
        {
            style.Append(new Aliases { Val = alias });
        }

        style.Append(new PrimaryStyle(), properties);
        return style;
    }
}
