using System.Text.Json;
using Bot.Search.Answers;
using Bot.Search.Semantic;
using Bot.Tests.Fakes;

namespace Bot.Tests.Semantic;

public sealed class QuestionCohortTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cohort-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void TheCohortIsOverAHundredDistinctQuestionsAndNoneIsASampleQuestion()
    {
        var questions = QuestionCohort.Questions;
        var samples = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-questions-by-kind.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => Normalise(JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(questions.Count > 100, $"{questions.Count} questions");
        Assert.Equal(questions.Count, questions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(questions, q => Assert.False(q.StartsWith('#') || q.Length < 5, q));
        Assert.DoesNotContain(questions, q => samples.Contains(Normalise(q)));
    }

    [Fact]
    public void TheMarginIsTheQuestionsCosineLessTheMeanOfTheNearestEverydayQuestions()
    {
        // The passage leans 0.6 / 0.5 / 0.4 / 0.3 / 0.2 (normalised) on axes 1-5; the first five cohort questions lie on
        // those axes and the rest on axes the passage does not touch, so the three nearest are those on axes 1, 2 and 3.
        var weights = new[] { 0f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f };
        var norm = MathF.Sqrt(weights.Sum(w => w * w));
        var passage = new float[384];
        for (var i = 0; i < weights.Length; i++)
        {
            passage[i] = weights[i] / norm;
        }

        var store = Store(passage);
        var index = QuestionCohort.Questions.Select((q, i) => (q, i)).ToDictionary(p => p.q, p => p.i, StringComparer.Ordinal);
        var cohort = new QuestionCohort(new AxisEmbedder { QueryAxis = q => index[q] < 5 ? 1 + index[q] : 6 + (index[q] % 300) });

        var margin = cohort.Margin(store, 0, cosine: 0.9);

        Assert.Equal(3, QuestionCohort.Neighbours);
        Assert.Equal(0.9 - ((0.6 + 0.5 + 0.4) / norm / 3), margin, 0.01);
    }

    [Fact]
    public void TheCohortIsEmbeddedOnceAndAFailedAttemptIsTriedAgain()
    {
        var embedder = new FlakyEmbedder(new AxisEmbedder());
        var cohort = new QuestionCohort(embedder);
        var store = Store(new AxisEmbedder().Axis(0));

        Assert.Throws<InvalidOperationException>(() => cohort.Margin(store, 0, 0.5));
        var first = cohort.Margin(store, 0, 0.5);
        var second = cohort.Margin(store, 0, 0.7);

        Assert.Equal(1 + ((QuestionCohort.Questions.Count + 15) / 16), embedder.Calls);
        Assert.Equal(-0.5, first, 3);
        Assert.Equal(-0.3, second, 3);
    }

    [Fact]
    public void ABuildStoresTheCohortAndTheNextBuildReusesItUnlessTheModelChanged()
    {
        var embedder = new FlakyEmbedder(new AxisEmbedder { QueryAxis = q => q.Length % 384 }) { FailFirst = false };
        var first = Directory.CreateDirectory(Path.Combine(_folder.FullName, "gen-1")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(_folder.FullName, "gen-2")).FullName;

        QuestionCohort.Write(first, embedder, previousGenerationDir: null);
        QuestionCohort.Write(second, embedder, previousGenerationDir: first);
        var stored = QuestionCohort.Read(second, embedder);

        Assert.Equal((QuestionCohort.Questions.Count + 15) / 16, embedder.Calls);
        Assert.NotNull(stored);
        Assert.Equal(QuestionCohort.Questions.Count, stored.Count);
        Assert.All(QuestionCohort.Questions.Zip(stored), p => Assert.Equal(1f, p.Second[p.First.Length % 384], 3));
        Assert.Null(QuestionCohort.Read(second, new AxisEmbedder { ModelId = "another-model" }));
        Assert.Null(QuestionCohort.Read(Path.Combine(_folder.FullName, "gen-3"), embedder));
    }

    private PassageVectorStore Store(float[] vector)
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.pvec");
        PassageVectorStore.Write(path, ["p#1"], [vector]);
        return PassageVectorStore.Open(path);
    }

    private static string Normalise(string question) => question.Trim().TrimEnd('?', '.', '!').ToLowerInvariant();

    /// <summary>Counts calls of <see cref="EmbedQueries"/> and fails the first (unless told not to), as a model can while it is short of memory.</summary>
    private sealed class FlakyEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        public int Calls { get; private set; }

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public float[] EmbedQuery(string text, CancellationToken cancellationToken = default) => inner.EmbedQuery(text, cancellationToken);

        public bool FailFirst { get; init; } = true;

        public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            ++Calls == 1 && FailFirst ? throw new InvalidOperationException("The model is out of memory.") : inner.EmbedQueries(texts, cancellationToken);

        public float[][] EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
            inner.EmbedPassages(texts, progress, cancellationToken);
    }
}
