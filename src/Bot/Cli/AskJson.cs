using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Search.Answers;

namespace Bot.Cli;

/// <summary>
/// The <c>ask --json</c> line, as README documents it: <c>answered</c> is true only when passages answer the question;
/// <c>outcome</c> tells an answer from related passages and from a decline.
/// </summary>
internal sealed record AskJsonLine(string Question, bool Answered, string Outcome, IReadOnlyList<AskJsonPassage> Passages)
{
    /// <summary>The line for <paramref name="answer"/>; with <paramref name="cite"/>, each passage carries its citation in that style.</summary>
    public static AskJsonLine From(Answer answer, Func<Quote, string>? cite = null) => new(
        Sanitize(answer.Question),
        answer.Answered,
        answer.Outcome switch
        {
            AnswerOutcome.Answered => "answered",
            AnswerOutcome.Related => "related",
            _ => "declined",
        },
        [.. answer.Quotes.Select(q => new AskJsonPassage(
            q.PassageId,
            q.Text,
            Math.Round(q.Score, 4),
            new AskJsonSource(q.Source.Title, q.Source.Publisher, q.Source.Url, q.Source.File, q.Source.Paragraph) { Page = q.Source.Page })
        {
            Citation = cite?.Invoke(q),
        })]);

    public string ToJson() => JsonSerializer.Serialize(this, CliJsonContext.Relaxed.AskJsonLine);

    /// <summary>Replaces unpaired surrogates (which JSON cannot carry) with U+FFFD.</summary>
    private static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return sb.ToString();
    }
}

internal sealed record AskJsonPassage(string Id, string Text, double Score, AskJsonSource Source)
{
    /// <summary>The passage's citation (<c>ask --cite</c>); left out of the line without it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Citation { get; init; }
}

internal sealed record AskJsonSource(string Title, string? Publisher, string? Url, string File, int Paragraph)
{
    /// <summary>The page of a PDF's passage (its paragraph is numbered within the page); left out for other documents.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Page { get; init; }
}

/// <summary>
/// Source-generated serialization for the command line's JSON. Relaxed escaping keeps typographic quotes and
/// non-ASCII text readable; the output is still valid JSON (quotes, backslashes and control characters are escaped).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AskJsonLine))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    public static CliJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });
}
