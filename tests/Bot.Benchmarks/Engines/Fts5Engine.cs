using Bot.Benchmarks.Corpus;
using Microsoft.Data.Sqlite;

namespace Bot.Benchmarks.Engines;

/// <summary>
/// The peer an admin would otherwise pick: SQLite FTS5 through Microsoft.Data.Sqlite, tokenize 'porter unicode61',
/// ranked by bm25() (FTS5 fixes k1=1.2, b=0.75), the same OR of the question's words (each quoted), and the same job
/// as ours: the top three passages with their full text, the matches marked (highlight() over the whole passage, or
/// snippet() with its 64-token maximum when asked), and the Discord message. One connection per serving thread.
/// </summary>
internal sealed class Fts5Engine(bool useSnippet) : IAnswerEngine
{
    private const int BatchSize = 10_000;

    private const string CreateSql =
        "CREATE VIRTUAL TABLE passages USING fts5(text, pid UNINDEXED, title UNINDEXED, publisher UNINDEXED, " +
        "url UNINDEXED, paragraph UNINDEXED, tokenize = 'porter unicode61')";

    private const string InsertSql =
        "INSERT INTO passages (text, pid, title, publisher, url, paragraph) VALUES ($text, $pid, $title, $publisher, $url, $paragraph)";

    private const string HighlightSql =
        "SELECT pid, text, title, publisher, url, paragraph, highlight(passages, 0, char(1), char(2)) " +
        "FROM passages WHERE passages MATCH $match ORDER BY bm25(passages) LIMIT 3";

    private const string SnippetSql =
        "SELECT pid, text, title, publisher, url, paragraph, snippet(passages, 0, char(1), char(2), '\u2026', 64) " +
        "FROM passages WHERE passages MATCH $match ORDER BY bm25(passages) LIMIT 3";

    /// <summary>The database file and the files SQLite keeps beside it.</summary>
    public static readonly IReadOnlyList<string> SideFileSuffixes = ["", "-journal", "-wal", "-shm"];

    private ThreadLocal<Reader>? _readers;

    public string Name => useSnippet ? "fts5-snippet" : "fts5";

    public Task<int> BuildIndexAsync(string seedsDirectory, string indexPath, CancellationToken cancellationToken = default)
    {
        foreach (var suffix in SideFileSuffixes)
        {
            File.Delete(indexPath + suffix);
        }

        using var connection = new SqliteConnection(ConnectionString(indexPath, SqliteOpenMode.ReadWriteCreate));
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = CreateSql;
            create.ExecuteNonQuery();
        }

        var count = 0;
        var transaction = connection.BeginTransaction();
        try
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = InsertSql;
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var pid = insert.Parameters.Add("$pid", SqliteType.Text);
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var publisher = insert.Parameters.Add("$publisher", SqliteType.Text);
            var url = insert.Parameters.Add("$url", SqliteType.Text);
            var paragraph = insert.Parameters.Add("$paragraph", SqliteType.Integer);
            insert.Transaction = transaction;
            insert.Prepare();
            foreach (var passage in SeedFolderReader.ReadPassages(seedsDirectory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                text.Value = passage.Text;
                pid.Value = passage.Id;
                title.Value = passage.Title;
                publisher.Value = passage.Publisher ?? string.Empty;
                url.Value = passage.Url ?? string.Empty;
                paragraph.Value = passage.Paragraph;
                insert.ExecuteNonQuery();
                if (++count % BatchSize == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    insert.Transaction = transaction;
                }
            }

            transaction.Commit();
        }
        finally
        {
            transaction.Dispose();
        }

        return Task.FromResult(count);
    }

    public Task OpenAsync(string indexPath, CancellationToken cancellationToken = default)
    {
        var connectionString = ConnectionString(indexPath, SqliteOpenMode.ReadOnly);
        var sql = useSnippet ? SnippetSql : HighlightSql;
        _readers = new ThreadLocal<Reader>(() => new Reader(connectionString, sql), trackAllValues: true);
        return Task.CompletedTask;
    }

    public ValueTask<EngineAnswer> AnswerAsync(string question, CancellationToken cancellationToken = default)
    {
        var readers = _readers ?? throw new InvalidOperationException("Open the index first.");
        var words = QueryWords.Extract(question);
        if (words.Count == 0)
        {
            return ValueTask.FromResult(new EngineAnswer([], DiscordMessage.NoAnswer));
        }

        var reader = readers.Value ?? throw new InvalidOperationException("No connection for this thread.");
        var cited = reader.Search(QueryWords.ToFts5Match(words));
        var answer = new EngineAnswer(
            [.. cited.Select(c => new AnsweredPassage(c.Id, c.Text))],
            DiscordMessage.Compose(cited));
        return ValueTask.FromResult(answer);
    }

    public void Dispose()
    {
        if (_readers is null)
        {
            return;
        }

        foreach (var reader in _readers.Values)
        {
            reader.Dispose();
        }

        _readers.Dispose();
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    /// <summary>A serving thread's connection and prepared query.</summary>
    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _match;

        public Reader(string connectionString, string sql)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _command = _connection.CreateCommand();
            _command.CommandText = sql;
            _match = _command.Parameters.Add("$match", SqliteType.Text);
            _command.Prepare();
        }

        public List<CitedPassage> Search(string match)
        {
            _match.Value = match;
            var cited = new List<CitedPassage>(3);
            using var reader = _command.ExecuteReader();
            while (reader.Read())
            {
                cited.Add(new CitedPassage(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(6),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetInt32(5)));
            }

            return cited;
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
