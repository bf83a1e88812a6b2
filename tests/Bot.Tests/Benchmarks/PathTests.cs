using Bot.Benchmarks.Engines;
using Bot.Benchmarks.Harness;
using Bot.Search.Ingestion;
using Bot.Tests.Fakes;

namespace Bot.Tests.Benchmarks;

/// <summary>The harness's stand-ins for the model's work: pseudo passage vectors, the model's timer, the added documents.</summary>
public sealed class PathTests
{
    [Fact]
    public void PseudoVectorsAreUnitLengthTheSameForTheSameTextAndUnrelatedOtherwise()
    {
        var a = PseudoVectorEmbedder.Vector("The county signed a 287(g) agreement.", 384);
        var again = PseudoVectorEmbedder.Vector("The county signed a 287(g) agreement.", 384);
        var b = PseudoVectorEmbedder.Vector("The county did not sign a 287(g) agreement.", 384);

        Assert.Equal(a, again);
        Assert.Equal(1.0, Math.Sqrt(a.Sum(x => (double)x * x)), 5);
        Assert.InRange(a.Zip(b, (x, y) => (double)x * y).Sum(), -0.25, 0.25);
    }

    [Fact]
    public void OnlyTheNamedPassagesAndEveryQueryGoToTheModelUnderAnIdOfTheirOwn()
    {
        var model = new AxisEmbedder { PassageAxis = _ => 3, QueryAxis = _ => 5 };
        var pseudo = new PseudoVectorEmbedder(model, ["Herds  follow\nthe rain."]);

        var vectors = pseudo.EmbedPassages(["Zebras migrate.", "Herds follow the rain.", "Grass grows after it."]);

        Assert.Equal(1, model.Embedded);
        Assert.Equal(1, pseudo.ModelEmbedded);
        Assert.Equal(model.Axis(3), vectors[1]);
        Assert.Equal(PseudoVectorEmbedder.Vector("Zebras migrate.", 384), vectors[0]);
        Assert.Equal(model.Axis(5), pseudo.EmbedQuery("Where do zebras go?"));
        Assert.Equal(PseudoVectorEmbedder.ModelIdPrefix + model.ModelId, pseudo.ModelId);
    }

    [Fact]
    public void TheModelTimerCountsEachThreadsCallsAndTextsAndStartsAgainWhenRead()
    {
        var timed = new TimedEmbedder(new AxisEmbedder());
        TimedEmbedder.Take();

        timed.EmbedQuery("one");
        timed.EmbedQueries(["two", "three", "four"]);
        timed.EmbedPassages(["not a query"]);
        var elsewhere = default(ModelUse);
        var thread = new Thread(() =>
        {
            timed.EmbedQuery("other thread");
            elsewhere = TimedEmbedder.Take();
        });
        thread.Start();
        thread.Join();
        var use = TimedEmbedder.Take();

        Assert.Equal((2, 4), (use.Calls, use.Texts));
        Assert.Equal((1, 1), (elsewhere.Calls, elsewhere.Texts));
        Assert.Equal(default, TimedEmbedder.Take());
    }

    [Fact]
    public void EachAddedDocumentIsItsOwnAndReadsAsTwoPassagesThatAnswerItsQuestion()
    {
        var first = AddedDocument.Create(1000);
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, first.FileName), first.Markdown);

        var read = new SeedReader().ReadFile(folder.Path, Path.Combine(folder.Path, first.FileName));

        Assert.Equal(first, AddedDocument.Create(1000));
        Assert.NotEqual(first.Name, AddedDocument.Create(1001).Name);
        Assert.StartsWith(ReloadRun.AddedPrefix, first.FileName, StringComparison.Ordinal);
        Assert.Contains(first.Name, first.Question, StringComparison.Ordinal);
        Assert.NotNull(read.Document);
        Assert.Equal(2, read.Document.Passages.Count);
        Assert.Contains($"The {first.Name} tidal barrier was completed in", read.Document.Passages[0].Text, StringComparison.Ordinal);
    }
}
