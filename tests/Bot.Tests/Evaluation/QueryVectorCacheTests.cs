using Bot.Cli;

namespace Bot.Tests.Evaluation;

public sealed class QueryVectorCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bot-qvec-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void SavedVectorsAreReusedByTextAndNewTextsAreEmbedded()
    {
        var path = Path.Combine(_folder, "c.queries.wp256.qvec");
        var first = QueryVectorCache.Load(path);
        var embedded = new List<string>();
        float[] Embed(string text)
        {
            embedded.Add(text);
            return [text.Length, 0.5f, -1f];
        }

        Assert.Equal([5f, 0.5f, -1f], first.GetOrAdd("apple", Embed));
        first.GetOrAdd("banana split", Embed);
        first.SaveIfChanged();

        var second = QueryVectorCache.Load(path);
        Assert.Equal(2, second.Count);
        Assert.Equal([12f, 0.5f, -1f], second.GetOrAdd("banana split", Embed));
        Assert.Equal([9f, 0.5f, -1f], second.GetOrAdd("new query", Embed));
        Assert.Equal(["apple", "banana split", "new query"], embedded);
    }

    [Fact]
    public void QueryCacheFilesAreKeyedByTheModel()
    {
        Assert.NotEqual(EvalRunner.QueryCachePath(_folder, "c", "arctic/wp256"), EvalRunner.QueryCachePath(_folder, "c", "arctic/wp512"));
        Assert.NotEqual(EvalRunner.QueryCachePath(_folder, "c", "arctic/wp256"), EvalRunner.QueryCachePath(_folder, "d", "arctic/wp256"));
        Assert.Equal(_folder, Path.GetDirectoryName(EvalRunner.QueryCachePath(_folder, "c", "a/b")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
