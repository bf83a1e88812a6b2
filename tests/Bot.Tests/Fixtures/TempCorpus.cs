using Bot.Search;

namespace Bot.Tests.Fixtures;

/// <summary>
/// A throw-away repository layout in the temp folder: <c>seeds/</c> (optionally a copy of the real seeds) and
/// <c>index/</c>. Tests never touch the repository's own index.
/// </summary>
public sealed class TempCorpus : IDisposable
{
    public TempCorpus(bool withSeedArticle = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "bot-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(SeedsDir);
        if (withSeedArticle)
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Seeds))
            {
                File.Copy(file, Path.Combine(SeedsDir, Path.GetFileName(file)));
            }
        }
    }

    public string Root { get; }

    public string SeedsDir => Path.Combine(Root, "seeds");

    public string IndexDir => Path.Combine(Root, "index");

    public string AddSeed(string name, string text)
    {
        var path = Path.Combine(SeedsDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string AddSeedBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(SeedsDir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public IndexBuildResult Build() => new IndexBuilder().Build(SeedsDir, IndexDir);

    public SearchEngine Open() => SearchEngine.Open(IndexDir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is cleaned by the OS eventually.
        }
    }
}

/// <summary>The seed article indexed once for a whole test class.</summary>
public sealed class SeedIndexFixture : IDisposable
{
    public SeedIndexFixture()
    {
        Corpus.Build();
        Engine = Corpus.Open();
    }

    public TempCorpus Corpus { get; } = new();

    public SearchEngine Engine { get; }

    public void Dispose()
    {
        Engine.Dispose();
        Corpus.Dispose();
    }
}
