using System.Globalization;
using Bot.Search;

namespace Bot.Evaluation;

/// <summary>Writes rankings in TREC run format: <c>qid Q0 docid rank score tag</c>, one line per hit.</summary>
public sealed class TrecRunWriter
{
    private readonly TextWriter _writer;
    private readonly string _tag;
    private readonly int _depth;

    /// <param name="writer">Where the lines go; the caller owns and disposes it.</param>
    /// <param name="tag">The run's name (no white space).</param>
    /// <param name="depth">Hits written per query.</param>
    public TrecRunWriter(TextWriter writer, string tag, int depth = RunEvaluator.DefaultDepth)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        if (tag.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A run tag cannot contain white space.", nameof(tag));
        }

        _writer = writer;
        _tag = tag;
        _depth = depth;
    }

    /// <summary>
    /// Writes the first hits of one query, ranks from 1. Scores are written round-trippable so that trec_eval,
    /// which re-sorts by score, sees the same order (use <see cref="RunEvaluator.PrepareRanking"/> first).
    /// </summary>
    public async Task WriteAsync(string queryId, IReadOnlyList<RankedDocument> ranking, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentNullException.ThrowIfNull(ranking);

        var count = Math.Min(_depth, ranking.Count);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hit = ranking[i];
            var line = string.Create(
                CultureInfo.InvariantCulture, $"{queryId} Q0 {hit.Id} {i + 1} {hit.Score:R} {_tag}");
            await _writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }
}
