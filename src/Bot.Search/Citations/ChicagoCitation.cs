namespace Bot.Search.Citations;

/// <summary>
/// Chicago Manual of Style, 17th edition, bibliography entry for a newspaper article (14.191): Last, First.
/// "Title." <i>Newspaper</i>, Month Day, Year. URL. Up to ten authors are all listed, the first inverted ("Last,
/// First, First Last, and First Last"), more than ten give seven and "et al." (14.76). An initial "The" is dropped
/// from a newspaper's name (14.172). An unsigned article is listed under the newspaper's name (14.207). The short
/// note gives the author (or the short title) and the paragraph: Manjoo, "Snap Makes a Bet," par. 4.
/// </summary>
internal static class ChicagoCitation
{
    public static IReadOnlyList<CitationParagraph> Format(CitationSource source)
    {
        var entry = new RunList();
        var container = source.Container is { } c && c.StartsWith("The ", StringComparison.Ordinal) && c.Length > 4 ? c[4..] : source.Container;
        var title = "\u201C" + CitationFormatter.WithStop(Capitalization.Headline(source.Title, CitationStyle.Chicago)) + "\u201D";
        var date = source.Date is { } d ? Date(d) : null;
        if (Authors(source.Authors) is { } authors)
        {
            entry.Add(CitationFormatter.WithStop(authors) + " " + title);
            if (container is not null)
            {
                entry.Add(" ").Add(container, RunMarks.Italic).Add(date is null ? "." : ", " + date + ".");
            }
            else if (date is not null)
            {
                entry.Add(" " + date + ".");
            }
        }
        else if (container is not null)
        {
            entry.Add(container, RunMarks.Italic).Add(". " + title + (date is null ? string.Empty : " " + date + "."));
        }
        else
        {
            entry.Add(title + (date is null ? string.Empty : " " + date + "."));
        }

        if (date is null && source.Accessed is { } accessed)
        {
            entry.Add(" Accessed " + Date(accessed) + ".");
        }

        if (source.Url is { } url)
        {
            entry.Add(" " + url + ".");
        }

        var shortTitle = "\u201C" + Capitalization.Headline(CitationFormatter.ShortTitle(source.Title), CitationStyle.Chicago) + ",\u201D";
        var lead = source.Authors switch
        {
            [] => shortTitle,
            [var one] => one.Family + ", " + shortTitle,
            [var first, var second] => first.Family + " and " + second.Family + ", " + shortTitle,
            [var first, var second, var third] => first.Family + ", " + second.Family + ", and " + third.Family + ", " + shortTitle,
            [var first, ..] => first.Family + " et al., " + shortTitle,
        };
        var note = new RunList().Add(lead + (source.Page is { } page ? " " + CitationFormatter.Number(page) : " par. " + CitationFormatter.Number(source.Paragraph)) + ".");
        return [entry.ToParagraph(CitationPart.Entry), note.ToParagraph(CitationPart.InText)];
    }

    private static string Date(PublicationDate date) =>
        date.MonthName + " " + (date.Day is { } day ? CitationFormatter.Number(day) + ", " : string.Empty) + CitationFormatter.Number(date.Year);

    private static string? Authors(IReadOnlyList<PersonName> authors)
    {
        if (authors.Count == 0)
        {
            return null;
        }

        var listed = authors.Count > 10 ? authors.Take(7).ToList() : [.. authors];
        var first = listed[0].Given.Length == 0 ? listed[0].Family : listed[0].Family + ", " + listed[0].Given;
        if (authors.Count > 10)
        {
            return string.Join(", ", [first, .. listed.Skip(1).Select(a => a.Full)]) + ", et al";
        }

        return listed.Count switch
        {
            1 => first,
            2 => first + ", and " + listed[1].Full,
            _ => string.Join(", ", [first, .. listed.Skip(1).Take(listed.Count - 2).Select(a => a.Full)]) + ", and " + listed[^1].Full,
        };
    }
}
