namespace Bot.Search.Citations;

/// <summary>
/// APA Publication Manual, 7th edition, reference for a newspaper or news-site article: Author, A. A. (Year, Month
/// Day). Title in sentence case. <i>Newspaper</i>. URL. Two authors "Last, A., &amp; Last, B.", three to twenty all
/// listed with "&amp;" before the last; no author: the title moves to the front, before the date; no date: (n.d.).
/// The in-text citation: (Carey, 2019, para. 4), or a short title in quotation marks when there is no author.
/// </summary>
internal static class ApaCitation
{
    public static IReadOnlyList<CitationParagraph> Format(CitationSource source)
    {
        var entry = new RunList();
        var title = CitationFormatter.WithStop(Capitalization.Sentence(source.Title));
        var date = "(" + Date(source.Date) + ").";
        if (Authors(source.Authors) is { } authors)
        {
            entry.Add(authors + " " + date + " " + title);
        }
        else
        {
            entry.Add(title + " " + date);
        }

        if (source.Container is { } container)
        {
            entry.Add(" ").Add(container, RunMarks.Italic).Add(".");
        }

        if (source.Url is { } url)
        {
            entry.Add(" " + url);
        }

        var lead = source.Authors switch
        {
            [] => "\u201C" + Capitalization.Headline(CitationFormatter.ShortTitle(source.Title), CitationStyle.Apa) + ",\u201D",
            [var one] => one.Family + ",",
            [var first, var second] => first.Family + " & " + second.Family + ",",
            [var first, ..] => first.Family + " et al.,",
        };
        var year = source.Date is { } d ? CitationFormatter.Number(d.Year) : "n.d.";
        var inText = new RunList().Add("(" + lead + " " + year + (source.Page is { } page ? ", p. " + CitationFormatter.Number(page) : ", para. " + CitationFormatter.Number(source.Paragraph)) + ")");
        return [entry.ToParagraph(CitationPart.Entry), inText.ToParagraph(CitationPart.InText)];
    }

    private static string Date(PublicationDate? date) => date switch
    {
        null => "n.d.",
        { Day: { } day } d => CitationFormatter.Number(d.Year) + ", " + d.MonthName + " " + CitationFormatter.Number(day),
        { } d => CitationFormatter.Number(d.Year) + ", " + d.MonthName,
    };

    private static string? Authors(IReadOnlyList<PersonName> authors)
    {
        var names = authors.Take(20).Select(Inverted).ToList();
        return names switch
        {
            [] => null,
            [var one] => one,
            [var first, var second] => first + ", & " + second,
            _ => string.Join(", ", names[..^1]) + ", & " + names[^1],
        };
    }

    private static string Inverted(PersonName name) => name.Given.Length == 0 ? name.Family : name.Family + ", " + name.Initials;
}
