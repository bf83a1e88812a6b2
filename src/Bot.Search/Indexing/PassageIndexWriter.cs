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
    private readonly StringField _id = new(PassageFields.Id, string.Empty, Field.Store.YES);
    private readonly StringField _document = new(PassageFields.Document, string.Empty, Field.Store.YES);
    private readonly StoredField _sourceFile = new(PassageFields.SourceFile, string.Empty);
    private readonly StoredField _titleStored = new(PassageFields.Title, string.Empty);
    private readonly TextField _title = new(PassageFields.Title, TextReader.Null);
    private readonly StoredField _textStored = new(PassageFields.Text, string.Empty);
    private readonly TextField _text = new(PassageFields.Text, TextReader.Null);
    private readonly StoredField _paragraph = new(PassageFields.Paragraph, 0);
    private readonly StoredField _publisher = new(PassageFields.Publisher, string.Empty);
    private readonly StoredField _section = new(PassageFields.Section, string.Empty);
    private readonly StoredField _url = new(PassageFields.Url, string.Empty);
    private readonly StoredField _date = new(PassageFields.Date, string.Empty);
    private readonly List<(StoredField Stored, TextField Indexed)> _tags = [];

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
            // The field objects are reused from passage to passage, as Lucene recommends for one indexing thread: a
            // new StringField builds its own token stream and attributes for every passage (allocations and a lock
            // in Lucene's attribute factory). Same fields, same order, same values as one new Document each.
            _id.SetStringValue(passage.Id);
            _document.SetStringValue(document.FileName);
            _sourceFile.SetStringValue(sourceFile);
            // Analysed text fields are stored and indexed as two fields of one name (the index is the same as one
            // stored TextField's): the indexed half reads an AnalysisText, which tells the analyzer whether the
            // text can hold a "287(g)" for its char filter to join. A plain string value would send every passage
            // through that filter, which copies the text and runs a regex over it.
            Index(_titleStored, _title, document.Title);
            Index(_textStored, _text, passage.Text);
            _paragraph.SetInt32Value(passage.Paragraph);
            var doc = new Document { _id, _document, _sourceFile, _titleStored, _title, _textStored, _text, _paragraph };
            AddOptional(doc, _publisher, metadata.Publisher);
            AddOptional(doc, _section, metadata.Section);
            AddOptional(doc, _url, metadata.Url);
            AddOptional(doc, _date, metadata.Date);
            for (var i = 0; i < metadata.Tags.Count; i++)
            {
                if (i == _tags.Count)
                {
                    _tags.Add((new StoredField(PassageFields.Tags, string.Empty), new TextField(PassageFields.Tags, TextReader.Null)));
                }

                var (stored, indexed) = _tags[i];
                Index(stored, indexed, metadata.Tags[i]);
                doc.Add(stored);
                doc.Add(indexed);
            }

            _writer.AddDocument(doc);
        }
    }

    public void Commit() => _writer.Commit();

    public void Dispose() => _writer.Dispose();

    private static void Index(StoredField stored, TextField indexed, string value)
    {
        stored.SetStringValue(value);
        indexed.SetReaderValue(new AnalysisText(value));
    }

    private static void AddOptional(Document doc, StoredField field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            field.SetStringValue(value);
            doc.Add(field);
        }
    }
}
