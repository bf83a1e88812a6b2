using System.Text.Json;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Cli;

/// <summary>
/// The shared sample questions through the same code as <c>bot ask --json</c> on standard input: the expected
/// passage first for at least 9 of the 10 answerable ones, in the top 3 for all, and the unanswerable ones not answered.
/// This runs the default path, BM25 alone (the suite does not load the model); the re-ranked path's figures on the same file are in docs/quality.md (<c>bot eval ../shared/eval/seed-questions.jsonl</c>).
/// </summary>
public sealed class SeedQuestionsTests : IDisposable
{
    private readonly TempCorpus _corpus = new();

    [SharedFact]
    public async Task SeedQuestionsFindTheirPassagesAndDeclineTheRest()
    {
        var path = Path.Combine(RepositoryPaths.Shared ?? string.Empty, "eval", "seed-questions.jsonl");
        var cases = File.ReadLines(path)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize<SeedQuestion>(l, JsonOptions) ?? throw new InvalidDataException(l))
            .ToList();

        var (exit, output, _) = await AskCommandTests.BotCommandLineRunAsync(
            string.Join('\n', cases.Select(c => c.Question)) + "\n",
            "ask", "--json", "--seeds", _corpus.SeedsDir, "--index", _corpus.IndexDir);

        Assert.Equal(0, exit);
        var answers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(cases.Count, answers.Count);

        var answerable = cases.Zip(answers).Where(p => p.First.Expect.Count > 0).ToList();
        var ranks = answerable.Select(p => RankOfExpected(p.First, p.Second)).ToList();
        var report = string.Join("; ", answerable.Zip(ranks).Select(p => $"{p.First.First.Id}: {p.Second?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}"));
        Assert.True(ranks.Count(r => r == 1) >= answerable.Count - 1, $"expected passage first for too few questions: {report}");
        Assert.True(ranks.All(r => r is >= 1 and <= 3), $"expected passage outside the top 3: {report}");

        foreach (var (question, answer) in cases.Zip(answers).Where(p => p.First.Expect.Count == 0))
        {
            Assert.False(answer.GetProperty("answered").GetBoolean(), question.Question);
        }
    }

    public void Dispose() => _corpus.Dispose();

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static int? RankOfExpected(SeedQuestion question, JsonElement answer)
    {
        var texts = answer.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("text").GetString() ?? string.Empty).ToList();
        var index = texts.FindIndex(t => question.Expect.Any(e => t.Contains(e, StringComparison.Ordinal)));
        return index < 0 ? null : index + 1;
    }

    private sealed record SeedQuestion(string Id, string Question, IReadOnlyList<string> Expect);
}
