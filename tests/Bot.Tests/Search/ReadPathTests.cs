using Bot.Search;
using Bot.Search.Indexing;
using Bot.Search.Ingestion;
using Bot.Tests.Benchmarks;
using Bot.Tests.Fixtures;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace Bot.Tests.Search;

/// <summary>The faster read and build paths give what the plain ones give.</summary>
public sealed class ReadPathTests
{
    [Fact]
    public void InMemoryDirectoryReadsWhatPositionalReadsRead()
    {
        using var folder = new TempFolder();
        var index = Path.Combine(folder.Path, "index");
        new IndexBuilder().Build(RepositoryPaths.Seeds, index);
        var generation = Path.Combine(index, IndexLayout.CurrentGeneration(index) ?? throw new InvalidOperationException("no generation"));

        using var onDisk = new PositionalReadDirectory(generation);
        using var inMemory = new InMemoryReadDirectory(generation);
        using var diskReader = DirectoryReader.Open(onDisk);
        using var memoryReader = DirectoryReader.Open(inMemory);

        Assert.Equal(diskReader.MaxDoc, memoryReader.MaxDoc);
        for (var doc = 0; doc < diskReader.MaxDoc; doc++)
        {
            Assert.Equal(Stored(diskReader.Document(doc)), Stored(memoryReader.Document(doc)));
        }

        var query = new TermQuery(new Term(PassageFields.Text, "detain"));
        var fromDisk = new IndexSearcher(diskReader).Search(query, 10).ScoreDocs;
        var fromMemory = new IndexSearcher(memoryReader).Search(query, 10).ScoreDocs;
        Assert.NotEmpty(fromDisk);
        Assert.Equal(fromDisk.Select(d => (d.Doc, d.Score)), fromMemory.Select(d => (d.Doc, d.Score)));
    }

    [Fact]
    public void TopHitsInDocumentOrderMatchTheDefaultSearch()
    {
        using var directory = new RAMDirectory();
        using var analyzer = LuceneSetup.CreateAnalyzer();
        IndexWords(directory, analyzer, ["detainers hold people", "people hold signs", "detainers", "hold the line", "signs of people"]);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = LuceneSetup.CreateSimilarity() };
        var query = new BooleanQuery(disableCoord: true)
        {
            { new TermQuery(new Term(PassageFields.Text, "hold")), Occur.SHOULD },
            { new TermQuery(new Term(PassageFields.Text, "peopl")), Occur.SHOULD },
            { new TermQuery(new Term(PassageFields.Text, "sign")), Occur.SHOULD },
        };

        var expected = searcher.Search(query, 5);
        var actual = TopHits.Search(searcher, query, 5);

        Assert.Equal(expected.TotalHits, actual.TotalHits);
        Assert.Equal(expected.ScoreDocs.Select(d => (d.Doc, d.Score)), actual.ScoreDocs.Select(d => (d.Doc, d.Score)));
    }

    [Fact]
    public void CachedFuzzyAutomataExpandLikeAFreshFuzzyQuery()
    {
        using var directory = new RAMDirectory();
        using var analyzer = LuceneSetup.CreateAnalyzer();
        IndexWords(directory, analyzer, ["detainers hold people", "detainer holds", "retainers", "deterrence"]);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var cache = new FuzzyAutomataCache();
        var term = new Term(PassageFields.Text, "detian");

        var expected = Terms(searcher.Rewrite(new FuzzyQuery(term, 2, 1, 8, true)));
        var first = Terms(searcher.Rewrite(cache.Query(term, 2, 1, 8, true)));
        var second = Terms(searcher.Rewrite(cache.Query(term, 2, 1, 8, true)));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
    }

    [Fact]
    public void ReadAheadKeepsOrderAndRethrowsWhereTheSourceFailed()
    {
        static IEnumerable<int> Failing()
        {
            for (var i = 0; i < 200; i++)
            {
                yield return i;
            }

            throw new InvalidDataException("bad file");
        }

        var seen = new List<int>();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var item in ReadAhead.Of(Failing(), capacity: 8))
            {
                seen.Add(item);
            }
        });

        Assert.Equal("bad file", error.Message);
        Assert.Equal(Enumerable.Range(0, 200), seen);
    }

    [Fact]
    public void ReadAheadStopsReadingWhenTheConsumerStops()
    {
        var produced = 0;
        IEnumerable<int> Endless()
        {
            for (var i = 0; ; i++)
            {
                Interlocked.Increment(ref produced);
                yield return i;
            }
        }

        var taken = ReadAhead.Of(Endless(), capacity: 4).Take(10).ToList();
        var after = Volatile.Read(ref produced);
        var later = Volatile.Read(ref produced);

        Assert.Equal(Enumerable.Range(0, 10), taken);
        Assert.Equal(after, later);
        Assert.True(after <= 10 + 4 + 1, $"read {after} items for 10 taken");
    }

    private static void IndexWords(Lucene.Net.Store.Directory directory, Lucene.Net.Analysis.Analyzer analyzer, string[] texts)
    {
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneSetup.Version, analyzer) { Similarity = LuceneSetup.CreateSimilarity() });
        foreach (var text in texts)
        {
            writer.AddDocument(new Document { new TextField(PassageFields.Text, text, Field.Store.YES) });
        }

        writer.Commit();
    }

    private static string[] Terms(Query query)
    {
        var terms = new HashSet<Term>();
        query.ExtractTerms(terms);
        return [.. terms.Select(t => t.Text).Order(StringComparer.Ordinal)];
    }

    private static string[] Stored(Document document) =>
        [.. document.Fields.Select(f => $"{f.Name}={f.GetStringValue() ?? f.GetInt32Value()?.ToString(System.Globalization.CultureInfo.InvariantCulture)}")];
}
