namespace Bot.Search.Citations;

/// <summary>
/// MLA Handbook, 9th edition, works-cited entry for an article on a site: Author. "Title." <i>Container</i>, Day
/// Mon. Year, URL without http(s)://. Accessed date. One author "Last, First", two "Last, First, and First Last",
/// three or more "Last, First, et al."; no author: the entry starts with the title. Months are abbreviated except
/// May, June and July. The in-text citation gives the author (or a short title) and the paragraph: (Carey, par. 4).
/// </summary>
internal static class MlaCitation
{
    private static readonly string[] Months = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

    public static IReadOnlyList<CitationParagraph> Format(CitationSource source)
    {
        var entry = new RunList();
        if (Authors(source.Authors) is { } authors)
        {
            entry.Add(CitationFormatter.WithStop(authors) + " ");
        }

        var title = Capitalization.Headline(source.Title, CitationStyle.Mla);
        var tail = new List<string>();
        if (source.Date is { } date)
        {
            tail.Add(Date(date));
        }

        if (source.Url is { } url)
        {
            tail.Add(WithoutScheme(url));
        }

        // The title's closing punctuation: a full stop inside the quotes, unless the title ends in ? or !.
        entry.Add("\u201C" + CitationFormatter.WithStop(title) + "\u201D");
        if (source.Container is { } container)
        {
            entry.Add(" ").Add(container, RunMarks.Italic).Add(tail.Count > 0 ? ", " + string.Join(", ", tail) + "." : ".");
        }
        else if (tail.Count > 0)
        {
            entry.Add(" " + string.Join(", ", tail) + ".");
        }

        if (source.Accessed is { } accessed)
        {
            entry.Add(" Accessed " + Date(accessed) + ".");
        }

        var lead = source.Authors switch
        {
            [] => "\u201C" + Capitalization.Headline(CitationFormatter.ShortTitle(source.Title), CitationStyle.Mla) + ",\u201D",
            [var one] => one.Family + ",",
            [var first, var second] => first.Family + " and " + second.Family + ",",
            [var first, ..] => first.Family + " et al.,",
        };
        var inText = new RunList().Add("(" + lead + (source.Page is { } page ? " " + CitationFormatter.Number(page) : " par. " + CitationFormatter.Number(source.Paragraph)) + ")");
        return [entry.ToParagraph(CitationPart.Entry), inText.ToParagraph(CitationPart.InText)];
    }

    internal static string Date(PublicationDate date) =>
        (date.Day is { } day ? CitationFormatter.Number(day) + " " : string.Empty) + Months[date.Month - 1] + " " + CitationFormatter.Number(date.Year);

    private static string? Authors(IReadOnlyList<PersonName> authors) => authors switch
    {
        [] => null,
        [var one] => Inverted(one),
        [var first, var second] => Inverted(first) + ", and " + second.Full,
        [var first, ..] => Inverted(first) + ", et al",
    };

    private static string Inverted(PersonName name) => name.Given.Length == 0 ? name.Family : name.Family + ", " + name.Given;

    private static string WithoutScheme(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        return schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
    }
}
