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
    private readonly ReplayTokenStream _titleTokens = new();
    private readonly TextField _title;
    private readonly StoredField _textStored = new(PassageFields.Text, string.Empty);
    private readonly ReplayTokenStream _textTokens = new();
    private readonly TextField _text;
    private readonly StoredField _paragraph = new(PassageFields.Paragraph, 0);
    private readonly StoredField _part = new(PassageFields.Part, 0);
    private readonly StoredField _page = new(PassageFields.Page, 0);
    private readonly StoredField _publisher = new(PassageFields.Publisher, string.Empty);
    private readonly StoredField _section = new(PassageFields.Section, string.Empty);
    private readonly StoredField _url = new(PassageFields.Url, string.Empty);
    private readonly StoredField _date = new(PassageFields.Date, string.Empty);
    private readonly StoredField _authorTitle = new(PassageFields.AuthorTitle, string.Empty);
    private readonly StoredField _accessed = new(PassageFields.Accessed, string.Empty);
    private readonly List<StoredField> _authors = [];
    private readonly List<(StoredField Stored, ReplayTokenStream Tokens, TextField Indexed)> _tags = [];

    public PassageIndexWriter(Directory directory)
    {
        _title = new TextField(PassageFields.Title, _titleTokens);
        _text = new TextField(PassageFields.Text, _textTokens);
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
    /// <param name="analyzed">The document read from the seeds folder, with its title, tags and passages analysed
    /// (<see cref="AnalyzedDocument.Of"/>, with this index's analyzer).</param>
    /// <param name="sourceFile">Its path relative to the repository root, for citations.</param>
    public void Add(AnalyzedDocument analyzed, string sourceFile)
    {
        ArgumentNullException.ThrowIfNull(analyzed);
        var document = analyzed.Document;
        var metadata = document.Metadata;
        for (var p = 0; p < document.Passages.Count; p++)
        {
            var passage = document.Passages[p];
            // The field objects are reused from passage to passage, as Lucene recommends for one indexing thread: a
            // new StringField builds its own token stream and attributes for every passage (allocations and a lock
            // in Lucene's attribute factory). Same fields, same order, same values as one new Document each.
            _id.SetStringValue(passage.Id);
            _document.SetStringValue(document.FileName);
            _sourceFile.SetStringValue(sourceFile);
            // Analysed fields are stored and indexed as two fields of one name (the index is the same as one stored
            // TextField's); the indexed half replays tokens analysed beforehand, on the thread that read the file,
            // and the title's and tags' once per document.
            _titleStored.SetStringValue(document.Title);
            _titleTokens.Of(analyzed.Title);
            _textStored.SetStringValue(passage.Text);
            _textTokens.Of(analyzed.Passages[p]);
            _paragraph.SetInt32Value(passage.Paragraph);
            var doc = new Document { _id, _document, _sourceFile, _titleStored, _title, _textStored, _text, _paragraph };
            if (passage.Part is { } part)
            {
                _part.SetInt32Value(part);
                doc.Add(_part);
            }

            if (passage.Page is { } page)
            {
                _page.SetInt32Value(page);
                doc.Add(_page);
            }

            AddOptional(doc, _publisher, metadata.Publisher);
            AddOptional(doc, _section, metadata.Section);
            AddOptional(doc, _url, metadata.Url);
            AddOptional(doc, _date, metadata.Date);
            AddOptional(doc, _authorTitle, metadata.AuthorTitle);
            AddOptional(doc, _accessed, metadata.Accessed);
            for (var i = 0; i < metadata.Authors.Count; i++)
            {
                if (i == _authors.Count)
                {
                    _authors.Add(new StoredField(PassageFields.Authors, string.Empty));
                }

                _authors[i].SetStringValue(metadata.Authors[i]);
                doc.Add(_authors[i]);
            }

            for (var i = 0; i < metadata.Tags.Count; i++)
            {
                if (i == _tags.Count)
                {
                    var tokens = new ReplayTokenStream();
                    _tags.Add((new StoredField(PassageFields.Tags, string.Empty), tokens, new TextField(PassageFields.Tags, tokens)));
                }

                var (stored, tagTokens, indexed) = _tags[i];
                stored.SetStringValue(metadata.Tags[i]);
                tagTokens.Of(analyzed.Tags[i]);
                doc.Add(stored);
                doc.Add(indexed);
            }

            _writer.AddDocument(doc);
        }
    }

    public void Commit() => _writer.Commit();

    public void Dispose() => _writer.Dispose();

    private static void AddOptional(Document doc, StoredField field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            field.SetStringValue(value);
            doc.Add(field);
        }
    }
}
