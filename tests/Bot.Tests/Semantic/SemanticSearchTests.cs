using Bot.Search;
using Bot.Search.Answers;
using Bot.Search.Indexing;
using Bot.Search.Ranking;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Semantic;

/// <summary>
/// Ranking by meaning without the model: the seed index is built with <see cref="AxisEmbedder"/>, which points
/// paragraph n's vector along axis n and each question's along an axis the test picks, so what the vectors say is
/// known exactly. Also: vectors that do not match their generation or model are ignored with one log line, and a
/// rebuild embeds only passages whose text changed.
/// </summary>
public sealed class SemanticSearchTests : IDisposable
{
    private const string Seed = RepositoryPaths.SeedFileName;
    private readonly TempCorpus _corpus = new();
    private readonly AxisEmbedder _embedder;
    private readonly string _generationDir;

    public SemanticSearchTests()
    {
        var seed = File.ReadAllText(Path.Combine(_corpus.SeedsDir, Seed));
        var paragraphs = new List<string>();
        using (var probe = SeedIndex())
        {
            paragraphs.AddRange(Enumerable.Range(1, 14).Select(n => probe.GetPassage($"{Seed}#{n}")?.Text ?? string.Empty));
        }

        _embedder = new AxisEmbedder { PassageAxis = text => paragraphs.IndexOf(text) + 1 };
        new IndexBuilder { Embedder = _embedder }.Build(_corpus.SeedsDir, _corpus.IndexDir);
        _generationDir = Path.Combine(_corpus.IndexDir, IndexLayout.CurrentGeneration(_corpus.IndexDir) ?? throw new InvalidOperationException("no index"));
        Assert.Contains("immigration agents", seed, StringComparison.Ordinal);
    }

    [Fact]
    public void ParaphraseWithNoSharedWordFindsItsPassageThroughTheVectors()
    {
        const string Question = "Why are sheriffs worried about getting sued?";

        // Only the whole question points at paragraph 8: each of its words carries meaning the passage holds.
        _embedder.QueryAxis = text => text == Question ? 8 : 0;
        using var engine = SearchEngine.Open(_corpus.IndexDir, _embedder);

        Assert.True(engine.IsSemantic);
        var answer = engine.Ask(Question);

        // No word of the question is in paragraph 8 ("deputies are left vulnerable to costly damages lawsuits"): by
        // words alone it is not found; the nearest passages by cosine are candidates, and its cosine (1) stands out.
        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
        Assert.Equal($"{Seed}#8", answer.Quotes[0].PassageId);
        Assert.Equal(1.0, answer.Signals?.Cosine ?? 0, 2);
        Assert.Equal(1.0, answer.Signals?.Support ?? 0, 2);
        Assert.Equal($"{Seed}#8", engine.Rank(Question, 5)[0].Id);
    }

    [Fact]
    public void QuestionWhoseMissingWordsThePassageDoesNotCarryGetsItAsRelated()
    {
        // The question points at paragraph 8 with or without any of its words: the words it lacks add nothing the
        // passage holds, so the passage bears on the question without saying what it asks.
        _embedder.QueryAxis = _ => 8;
        using var engine = SearchEngine.Open(_corpus.IndexDir, _embedder);

        var answer = engine.Ask("How much did the sheriffs' insurers pay out?");

        Assert.Equal(AnswerOutcome.Related, answer.Outcome);
        Assert.Equal($"{Seed}#8", answer.Quotes[0].PassageId);
        Assert.Equal(0, answer.Signals?.Support ?? 1, 2);
    }

    [Fact]
    public void EachPassageScoresItsCosinePlusTheWeightedShareOfTheQuestionItsWordsHold()
    {
        _embedder.QueryAxis = _ => 14;
        using var engine = SearchEngine.Open(_corpus.IndexDir, _embedder);

        var ranked = engine.Rank("Susan Rice", 14);

        // Paragraph 14 names Susan Rice (all of the question) and is the question's vector: 1 + w × 1. The others share
        // no vector with it; none of them names her, so each scores 0.
        Assert.Equal($"{Seed}#14", ranked[0].Id);
        Assert.Equal(1 + PassageRanker.CoverageWeight, ranked[0].Score, 2);
        Assert.All(ranked.Skip(1), r => Assert.Equal(0, r.Score, 2));
    }

    [Fact]
    public void QuestionNothingBearsOnIsDeclinedWithNoPassage()
    {
        _embedder.QueryAxis = _ => 100;
        using var engine = SearchEngine.Open(_corpus.IndexDir, _embedder);

        var answer = engine.Ask("What is the recipe for banana bread?");

        Assert.Equal(AnswerOutcome.Declined, answer.Outcome);
        Assert.Empty(answer.Quotes);
        Assert.Empty(engine.Search("recipe banana bread", 0, 10).Hits);
    }

    [Fact]
    public void WithoutVectorsTheEngineAnswersByWordsAloneAndSaysSoOnce()
    {
        using var wordsOnly = new TempCorpus();
        new IndexBuilder().Build(wordsOnly.SeedsDir, wordsOnly.IndexDir);
        var logger = new LevelRecordingLogger();
        using var engine = SearchEngine.Open(wordsOnly.IndexDir, _embedder, logger);
        using var words = SearchEngine.Open(wordsOnly.IndexDir);

        Assert.False(engine.IsSemantic);
        Assert.Equal(words.Ask("Why are deputies exposed to lawsuits?").Quotes.Select(q => q.PassageId), engine.Ask("Why are deputies exposed to lawsuits?").Quotes.Select(q => q.PassageId));
        engine.Ask("What is the 287(g) program?");
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("built without vectors", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generation")]
    [InlineData("model")]
    [InlineData("count")]
    [InlineData("bytes")]
    [InlineData("missing")]
    public void VectorFileThatDoesNotMatchItsGenerationOrModelIsIgnored(string mismatch)
    {
        var manifest = IndexManifest.TryRead(_generationDir) ?? throw new InvalidOperationException("no manifest");
        var info = manifest.Vectors ?? throw new InvalidOperationException("no vectors");
        var path = Path.Combine(_generationDir, info.File);
        switch (mismatch)
        {
            case "generation":
                (manifest with { Vectors = info with { Generation = "gen-20000101T000000000-abcdef" } }).Write(_generationDir);
                break;
            case "model":
                (manifest with { Vectors = info with { Model = "another-model/wp256" } }).Write(_generationDir);
                break;
            case "count":
                Bot.Search.Semantic.PassageVectorStore.Write(path, [$"{Seed}#1"], [_embedder.Axis(1)]);
                (manifest with { Vectors = info with { Count = 1, Bytes = new FileInfo(path).Length } }).Write(_generationDir);
                break;
            case "bytes":
                File.AppendAllText(path, "x");
                break;
            default:
                File.Delete(path);
                break;
        }

        var logger = new LevelRecordingLogger();
        _embedder.QueryAxis = _ => 8;
        using var engine = SearchEngine.Open(_corpus.IndexDir, _embedder, logger);

        Assert.False(engine.IsSemantic);
        Assert.Single(logger.Entries);
        Assert.NotEqual($"{Seed}#8", engine.Ask("Why are sheriffs worried about getting sued?").Quotes is [var first, ..] ? first.PassageId : null);
    }

    [Fact]
    public void RebuildEmbedsOnlyThePassagesWhoseTextChanged()
    {
        var before = _embedder.Embedded;
        _corpus.AddSeed("zebras.md", "Zebras migrate about 500 kilometres across the Serengeti every year.\n\nHerds follow the rain, and the grass that grows after it.\n");

        new IndexBuilder { Embedder = _embedder }.Build(_corpus.SeedsDir, _corpus.IndexDir);
        Assert.Equal(2, _embedder.Embedded - before);

        new IndexBuilder { Embedder = _embedder }.Build(_corpus.SeedsDir, _corpus.IndexDir);
        Assert.Equal(2, _embedder.Embedded - before);

        var other = new AxisEmbedder { ModelId = "another-model" };
        new IndexBuilder { Embedder = other }.Build(_corpus.SeedsDir, _corpus.IndexDir);
        Assert.Equal(16, other.Embedded);
    }

    public void Dispose() => _corpus.Dispose();

    private SearchEngine SeedIndex()
    {
        new IndexBuilder().Build(_corpus.SeedsDir, _corpus.IndexDir);
        return SearchEngine.Open(_corpus.IndexDir);
    }
}
