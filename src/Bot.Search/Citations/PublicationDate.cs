using System.Globalization;

namespace Bot.Search.Citations;

/// <summary>A date as far as a document states it: a day, or only a month (metadata <c>YYYY-MM-DD</c> or <c>YYYY-MM</c>).</summary>
public readonly record struct PublicationDate(int Year, int Month, int? Day)
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    /// <summary>The month's English name ("March").</summary>
    public string MonthName => MonthNames[Month - 1];

    /// <summary>Parses <c>YYYY-MM-DD</c> or <c>YYYY-MM</c>; false for anything else or a day not on the calendar.</summary>
    public static bool TryParse(string? text, out PublicationDate date)
    {
        date = default;
        var value = text?.Trim() ?? string.Empty;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = new PublicationDate(day.Year, day.Month, day.Day);
            return true;
        }

        if (DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && value.Length == 7)
        {
            date = new PublicationDate(month.Year, month.Month, null);
            return true;
        }

        return false;
    }

    /// <summary>The date if <paramref name="text"/> is one, else null.</summary>
    public static PublicationDate? ParseOrNull(string? text) => TryParse(text, out var date) ? date : null;
}
