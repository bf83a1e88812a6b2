using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Bot.Evaluation;

/// <summary>
/// Reads the three files of a BEIR-style collection. The corpus is streamed line by line, never held whole.
/// A line that cannot be read throws <see cref="CollectionFormatException"/> naming the file and line; blank lines are skipped.
/// </summary>
public static class BeirReader
{
    /// <summary>Streams <c>corpus.jsonl</c>: one JSON object per line with <c>_id</c>, optional <c>title</c>, and <c>text</c>.</summary>
    public static async IAsyncEnumerable<BeirDocument> ReadCorpusAsync(
        string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = OpenText(path);
        await foreach (var document in ReadCorpusAsync(reader, path, cancellationToken).ConfigureAwait(false))
        {
            yield return document;
        }
    }

    /// <summary>Streams a corpus from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public static async IAsyncEnumerable<BeirDocument> ReadCorpusAsync(
        TextReader reader, string sourceName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseCorpusLine(line, sourceName, lineNumber);
        }
    }

    /// <summary>Reads a topics file: <c>id&lt;TAB&gt;text</c> per line.</summary>
    public static async Task<IReadOnlyList<EvaluationQuery>> ReadTopicsAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = OpenText(path);
        return await ReadTopicsAsync(reader, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads topics from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public static async Task<IReadOnlyList<EvaluationQuery>> ReadTopicsAsync(
        TextReader reader, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var queries = new List<EvaluationQuery>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                throw new CollectionFormatException(sourceName, lineNumber, "expected 'id<TAB>text', found no tab.");
            }

            var id = line[..tab].Trim();
            if (id.Length == 0)
            {
                throw new CollectionFormatException(sourceName, lineNumber, "empty query id.");
            }

            if (!seen.Add(id))
            {
                throw new CollectionFormatException(sourceName, lineNumber, $"query id '{id}' appears twice.");
            }

            queries.Add(new EvaluationQuery(id, line[(tab + 1)..].Trim()));
        }

        return queries;
    }

    /// <summary>
    /// Reads judgments: TREC <c>qid 0 docid rel</c> (space or tab separated), or BEIR's tab-separated
    /// <c>query-id corpus-id score</c>, whose first line may be a header.
    /// </summary>
    public static async Task<RelevanceJudgments> ReadQrelsAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = OpenText(path);
        return await ReadQrelsAsync(reader, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads judgments from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public static async Task<RelevanceJudgments> ReadQrelsAsync(
        TextReader reader, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var judgments = new RelevanceJudgments();
        var lineNumber = 0;
        var firstContentLine = true;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var isFirst = firstContentLine;
            firstContentLine = false;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is not (3 or 4))
            {
                throw new CollectionFormatException(
                    sourceName, lineNumber, $"expected 'qid 0 docid rel' or 'query-id<TAB>corpus-id<TAB>score', found {fields.Length} fields.");
            }

            if (!int.TryParse(fields[^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var relevance))
            {
                if (isFirst && fields.Length == 3)
                {
                    continue; // BEIR's "query-id corpus-id score" header
                }

                throw new CollectionFormatException(sourceName, lineNumber, $"relevance '{fields[^1]}' is not an integer.");
            }

            judgments.Add(fields[0], fields[^2], relevance);
        }

        return judgments;
    }

    private static StreamReader OpenText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
    }

    private static BeirDocument ParseCorpusLine(string line, string sourceName, int lineNumber)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CollectionFormatException(sourceName, lineNumber, "expected a JSON object.");
            }

            var id = ReadScalar(root, "_id", sourceName, lineNumber);
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new CollectionFormatException(sourceName, lineNumber, "missing or empty \"_id\".");
            }

            var title = ReadScalar(root, "title", sourceName, lineNumber) ?? string.Empty;
            var text = ReadScalar(root, "text", sourceName, lineNumber)
                ?? throw new CollectionFormatException(sourceName, lineNumber, $"document '{id}' has no \"text\".");
            return new BeirDocument(id, title, text);
        }
        catch (JsonException ex)
        {
            throw new CollectionFormatException(sourceName, lineNumber, $"not valid JSON ({ex.Message})", ex);
        }
    }

    private static string? ReadScalar(JsonElement root, string name, string sourceName, int lineNumber)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new CollectionFormatException(sourceName, lineNumber, $"\"{name}\" must be a string."),
        };
    }
}
