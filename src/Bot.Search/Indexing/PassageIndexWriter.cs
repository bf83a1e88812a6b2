using Bot.Search.Ingestion;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Directory = Lucene.Net.Store.Directory;

namespace Bot.Search.Indexing;

/// <summary>Writes passages into a Lucene directory, one Lucene document per passage.</summary>
internal sealed class PassageIndexWriter : IDisposable
{
    /// <summary>Indexing buffer before a segment is flushed (Lucene's default is 16 MB).</summary>
    public const double RamBufferMb = 256;

    private readonly IndexWriter _writer;

    public PassageIndexWriter(Directory directory)
    {
        // One large RAM buffer: fewer flushed segments, so fewer merges while building and fewer term-dictionary
        // seeks per query term when serving (each segment is searched separately). No compound files: they are
        // a copy of every flushed segment, for file-handle limits this index does not approach.
        var config = new IndexWriterConfig(LuceneSetup.Version, LuceneSetup.CreateAnalyzer())
        {
            OpenMode = OpenMode.CREATE,
            Similarity = LuceneSetup.CreateSimilarity(),
            RAMBufferSizeMB = RamBufferMb,
            UseCompoundFile = false,
            MergePolicy = new TieredMergePolicy { NoCFSRatio = 0 },
        };
        _writer = new IndexWriter(directory, config);
    }

    /// <summary>Adds the passages of a document (the index is created fresh and passage ids are unique).</summary>
    /// <param name="document">The document read from the seeds folder.</param>
    /// <param name="sourceFile">Its path relative to the repository root, for citations.</param>
    public void Add(SeedDocument document, string sourceFile)
    {
        ArgumentNullException.ThrowIfNull(document);
        var metadata = document.Metadata;
        foreach (var passage in document.Passages)
        {
            var doc = new Document
            {
                new StringField(PassageFields.Id, passage.Id, Field.Store.YES),
                new StringField(PassageFields.Document, document.FileName, Field.Store.YES),
                new StoredField(PassageFields.SourceFile, sourceFile),
                new TextField(PassageFields.Title, document.Title, Field.Store.YES),
                new TextField(PassageFields.Text, passage.Text, Field.Store.YES),
                new StoredField(PassageFields.Paragraph, passage.Paragraph),
            };
            AddOptional(doc, PassageFields.Publisher, metadata.Publisher);
            AddOptional(doc, PassageFields.Section, metadata.Section);
            AddOptional(doc, PassageFields.Url, metadata.Url);
            AddOptional(doc, PassageFields.Date, metadata.Date);
            foreach (var tag in metadata.Tags)
            {
                doc.Add(new TextField(PassageFields.Tags, tag, Field.Store.YES));
            }

            _writer.AddDocument(doc);
        }
    }

    public void Commit() => _writer.Commit();

    public void Dispose() => _writer.Dispose();

    private static void AddOptional(Document doc, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            doc.Add(new StoredField(field, value));
        }
    }
}
