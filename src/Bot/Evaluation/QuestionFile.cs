using System.Text.Json;

namespace Bot.Evaluation;

/// <summary>One question of a question file: what is asked, the snippets its answering passage contains (none for an off-topic question), and its kind.</summary>
public sealed record QuestionCase(string Id, string Question, IReadOnlyList<string> Expect, string Kind);

/// <summary>
/// Reads a question file in the format of <c>seed-questions-by-kind.jsonl</c> (one JSON object per line with
/// <c>id</c>, <c>question</c>, <c>expect</c> and optional <c>kind</c>), so that a malformed line is reported by file
/// and line rather than failing the whole run with a stack trace.
/// </summary>
public static class QuestionFile
{
    public static IReadOnlyList<QuestionCase> Read(string path)
    {
        var cases = new List<QuestionCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            cases.Add(Parse(path, lineNumber, line));
        }

        return cases;
    }

    private static QuestionCase Parse(string path, int lineNumber, string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new CollectionFormatException(path, lineNumber, $"not a JSON object: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CollectionFormatException(path, lineNumber, "expected a JSON object with id, question and expect.");
            }

            var id = RequiredString(root, "id", path, lineNumber);
            var question = RequiredString(root, "question", path, lineNumber);
            if (!root.TryGetProperty("expect", out var expectElement) || expectElement.ValueKind != JsonValueKind.Array)
            {
                throw new CollectionFormatException(path, lineNumber, "'expect' must be an array of snippets (empty for a question the documents do not answer).");
            }

            var expect = new List<string>();
            foreach (var snippet in expectElement.EnumerateArray())
            {
                if (snippet.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(snippet.GetString()))
                {
                    throw new CollectionFormatException(path, lineNumber, "every entry of 'expect' must be a non-empty string.");
                }

                expect.Add(snippet.GetString()!);
            }

            var kind = root.TryGetProperty("kind", out var kindElement) && kindElement.ValueKind == JsonValueKind.String
                ? kindElement.GetString()!
                : expect.Count > 0 ? "answerable" : "offtopic";
            return new QuestionCase(id, question, expect, kind);
        }
    }

    private static string RequiredString(JsonElement root, string name, string path, int lineNumber)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            throw new CollectionFormatException(path, lineNumber, $"'{name}' must be a non-empty string.");
        }

        return element.GetString()!;
    }
}
