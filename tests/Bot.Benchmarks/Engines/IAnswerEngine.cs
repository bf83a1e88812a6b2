namespace Bot.Benchmarks.Engines;

/// <summary>
/// What the benchmark measures, and the seam where the bot's real engine plugs in: build an index from a seeds
/// folder, then answer questions with the top three passages and the Discord message the bot would send. The
/// implementations: the bot's engine (on its default path with the embedding model, or by words alone) and the SQLite
/// FTS5 peer.
/// </summary>
internal interface IAnswerEngine : IDisposable
{
    /// <summary>Short name for tables and logs.</summary>
    string Name { get; }

    /// <summary>
    /// Builds a fresh index of every passage of the documents in <paramref name="seedsDirectory"/> at
    /// <paramref name="indexPath"/> (a folder, or a file for single-file engines), replacing what was there, and
    /// makes it durable (commit). Returns the number of passages indexed.
    /// </summary>
    Task<int> BuildIndexAsync(string seedsDirectory, string indexPath, CancellationToken cancellationToken = default);

    /// <summary>Opens the index at <paramref name="indexPath"/> for serving; called once, before any answer.</summary>
    Task OpenAsync(string indexPath, CancellationToken cancellationToken = default);

    /// <summary>
    /// The whole answer path for one question as the bot runs it: query analysis, search, loading the passages,
    /// highlighting and composing the Discord message. Called from two threads at once in the throughput run.
    /// </summary>
    ValueTask<EngineAnswer> AnswerAsync(string question, CancellationToken cancellationToken = default);
}

/// <summary>An engine's answer: up to three passages, best first, and the message the bot would post.</summary>
/// <param name="Passages">The passages quoted, best first (empty when nothing matched).</param>
/// <param name="Message">The Discord message content (at most 2,000 characters).</param>
internal sealed record EngineAnswer(IReadOnlyList<AnsweredPassage> Passages, string Message)
{
    /// <summary>"answered", "related" or "declined" (the bot's three outcomes; FTS5 answers whenever a passage matches).</summary>
    public string Outcome { get; init; } = Passages.Count > 0 ? "answered" : "declined";
}

/// <summary>A quoted passage: its id (<c>&lt;file name&gt;#&lt;paragraph&gt;</c>) and full text, without markup.</summary>
internal sealed record AnsweredPassage(string Id, string Text);
