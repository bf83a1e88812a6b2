using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Benchmarks.Corpus;

/// <summary>What a generated corpus holds; written beside it as corpus.json so that a later run can reuse it.</summary>
internal sealed record CorpusManifest(
    int GeneratorVersion, ulong Seed, int Passages, int Questions, int Documents, long Words, long Bytes)
{
    public const string FileName = "corpus.json";

    public void Save(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(this, CorpusJsonContext.Default.CorpusManifest));

    public static CorpusManifest? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CorpusJsonContext.Default.CorpusManifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One generated question and the passage it was drawn from, one JSON object a line in questions.jsonl.</summary>
/// <param name="Id">1-based question number.</param>
/// <param name="Question">The question text.</param>
/// <param name="PassageId">The source passage, <c>&lt;file name&gt;#&lt;paragraph&gt;</c> (1-based paragraph of the body).</param>
/// <param name="Passage">The source passage's text, so that hits can be checked whatever id scheme an engine uses.</param>
/// <param name="Keywords">The passage's words the question was built from.</param>
internal sealed record CorpusQuestion(int Id, string Question, string PassageId, string Passage, IReadOnlyList<string> Keywords)
{
    public const string FileName = "questions.jsonl";

    public static IReadOnlyList<CorpusQuestion> ReadAll(string path, int limit)
    {
        var questions = new List<CorpusQuestion>();
        foreach (var line in File.ReadLines(path))
        {
            if (questions.Count >= limit)
            {
                break;
            }

            if (line.Length > 0)
            {
                questions.Add(JsonSerializer.Deserialize(line, CorpusJsonContext.Default.CorpusQuestion)
                    ?? throw new InvalidDataException($"{path}: empty question line"));
            }
        }

        return questions;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CorpusManifest))]
[JsonSerializable(typeof(CorpusQuestion))]
internal sealed partial class CorpusJsonContext : JsonSerializerContext;
