using System.Globalization;
using Bot.Benchmarks.Corpus;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Bot.Benchmarks.Engines;

/// <summary>
/// "Ours" until the bot's answer engine lands: plain Lucene.Net set up as LUCENE-NOTES.md recommends
/// (EnglishAnalyzer, BM25 k1=0.9 b=0.4 on writer and searcher, NIOFSDirectory, one passage per document with its
/// text stored, Highlighter + QueryScorer over the whole stored passage). The engine owner replaces it with an
/// adapter over the real index builder, answer composer and Discord formatter (see docs/benchmarks.md).
/// </summary>
internal sealed class LuceneStandInEngine : IAnswerEngine
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string TextField = "text";
    private const string TitleField = "title";
    private const string PublisherField = "publisher";
    private const string UrlField = "url";
    private const string ParagraphField = "paragraph";
    private const int TopPassages = 3;

    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private readonly BM25Similarity _similarity = new(0.9f, 0.4f);
    private NIOFSDirectory? _directory;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

    public string Name => "lucene-standin";

    public Task<int> BuildIndexAsync(string seedsDirectory, string indexPath, CancellationToken cancellationToken = default)
    {
        using var directory = new NIOFSDirectory(new DirectoryInfo(indexPath));
        var config = new IndexWriterConfig(Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = _similarity,
            RAMBufferSizeMB = 64,
        };
        using var writer = new IndexWriter(directory, config);
        var count = 0;
        foreach (var passage in SeedFolderReader.ReadPassages(seedsDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var document = new Document
            {
                new StringField(IdField, passage.Id, Field.Store.YES),
                new TextField(TextField, passage.Text, Field.Store.YES),
                new StoredField(TitleField, passage.Title),
                new StoredField(PublisherField, passage.Publisher ?? string.Empty),
                new StoredField(UrlField, passage.Url ?? string.Empty),
                new StoredField(ParagraphField, passage.Paragraph),
            };
            writer.AddDocument(document);
            count++;
        }

        writer.Commit();
        return Task.FromResult(count);
    }

    public Task OpenAsync(string indexPath, CancellationToken cancellationToken = default)
    {
        _directory = new NIOFSDirectory(new DirectoryInfo(indexPath));
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = _similarity };
        return Task.CompletedTask;
    }

    public ValueTask<EngineAnswer> AnswerAsync(string question, CancellationToken cancellationToken = default)
    {
        var searcher = _searcher ?? throw new InvalidOperationException("Open the index first.");
        var words = QueryWords.Extract(question);
        var query = words.Count == 0
            ? null
            : new QueryBuilder(_analyzer).CreateBooleanQuery(TextField, string.Join(' ', words));
        if (query is null)
        {
            return ValueTask.FromResult(new EngineAnswer([], DiscordMessage.NoAnswer));
        }

        var top = searcher.Search(query, TopPassages);
        var highlighter = new Highlighter(
            new SimpleHTMLFormatter(DiscordMessage.MatchStart.ToString(), DiscordMessage.MatchEnd.ToString()),
            new QueryScorer(query, TextField))
        {
            TextFragmenter = new NullFragmenter(),
        };
        var cited = new List<CitedPassage>(top.ScoreDocs.Length);
        foreach (var hit in top.ScoreDocs)
        {
            var document = searcher.Doc(hit.Doc);
            var text = document.Get(TextField, CultureInfo.InvariantCulture);
            string? marked;
            try
            {
                marked = highlighter.GetBestFragment(_analyzer, TextField, text);
            }
            catch (InvalidTokenOffsetsException)
            {
                marked = null;
            }

            cited.Add(new CitedPassage(
                document.Get(IdField, CultureInfo.InvariantCulture),
                text,
                marked ?? text,
                document.Get(TitleField, CultureInfo.InvariantCulture),
                document.Get(PublisherField, CultureInfo.InvariantCulture),
                document.Get(UrlField, CultureInfo.InvariantCulture),
                document.GetField(ParagraphField).GetInt32Value() ?? 0));
        }

        var answer = new EngineAnswer(
            [.. cited.Select(c => new AnsweredPassage(c.Id, c.Text))],
            DiscordMessage.Compose(cited));
        return ValueTask.FromResult(answer);
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory?.Dispose();
        _analyzer.Dispose();
    }
}
