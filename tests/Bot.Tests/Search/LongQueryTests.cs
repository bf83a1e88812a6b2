using Bot.Search.Indexing;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace Bot.Tests.Search;

/// <summary>
/// How a long query (a claim, a pasted argument) is built compared with a typed question: the title clause counts each
/// term as often as the query says it and weighs more, the phrases weigh less and are looser.
/// </summary>
public sealed class LongQueryTests : IDisposable
{
    private const string Short = "Why do orchards need apple pickers?";
    private const string Long = "Apple orchards need apple pickers, apple crates, ladders, trucks, cold storage and markets for apple growers.";

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly QueryPlanner _builder;
    private readonly IndexSearcher _searcher;

    public LongQueryTests()
    {
        var analyzer = LuceneSetup.CreateAnalyzer();
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneSetup.Version, analyzer)))
        {
            writer.AddDocument(new Document
            {
                new TextField(PassageFields.Title, "Apple orchards", Field.Store.YES),
                new TextField(PassageFields.Text, "Pickers fill crates in the apple orchard before the trucks come.", Field.Store.YES),
            });
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
        _builder = new QueryPlanner(analyzer, new AcronymTable(new Dictionary<string, string>(), analyzer));
    }

    [Fact]
    public void TypedQuestionKeepsTheQuestionWeights()
    {
        var (title, phrases) = Clauses(_builder.Build(Short, _searcher));

        Assert.Equal(0.2f, title.Boost);
        Assert.All(Terms(title), t => Assert.Equal(1f, t.Boost));
        Assert.Equal(0.5f, phrases.Boost);
        Assert.All(phrases.Clauses.Select(c => (PhraseQuery)c.Query), p => Assert.Equal(2, p.Slop));
    }

    [Fact]
    public void LongQueryCountsTitleTermsAndWeighsTheTitleMoreAndPhrasesLess()
    {
        var plan = _builder.Build(Long, _searcher);
        var (title, phrases) = Clauses(plan);

        Assert.True(plan.Groups.Count > PassageSimilarity.CoordinationMaxTerms);
        Assert.Equal(0.5f, title.Boost);
        Assert.Equal(4f, Terms(title).Single(t => t.Term.Text == "appl").Boost);
        Assert.Equal(1f, Terms(title).Single(t => t.Term.Text == "orchard").Boost);
        Assert.Equal(0.25f, phrases.Boost);
        Assert.All(phrases.Clauses.Select(c => (PhraseQuery)c.Query), p => Assert.Equal(4, p.Slop));
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    private static (BooleanQuery Title, BooleanQuery Phrases) Clauses(QueryPlan plan)
    {
        var query = Assert.IsType<BooleanQuery>(plan.Query);
        var nested = query.Clauses.Select(c => c.Query).OfType<BooleanQuery>().ToList();
        var title = nested.Single(q => q.Clauses.All(c => c.Query is TermQuery t && t.Term.Field == PassageFields.Title));
        var phrases = nested.Single(q => q.Clauses.Count > 0 && q.Clauses.All(c => c.Query is PhraseQuery));
        return (title, phrases);
    }

    private static IEnumerable<TermQuery> Terms(BooleanQuery title) => title.Clauses.Select(c => (TermQuery)c.Query);
}
