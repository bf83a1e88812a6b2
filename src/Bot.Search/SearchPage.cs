using Bot.Search.Answers;

namespace Bot.Search;

/// <summary>One page of ranked passages for a search.</summary>
/// <param name="Query">The query as given.</param>
/// <param name="Offset">Rank (0-based) of the first hit on this page.</param>
/// <param name="Total">Number of passages that match at all.</param>
/// <param name="Hits">The passages of this page, best first, with their scores and highlights.</param>
public sealed record SearchPage(string Query, int Offset, int Total, IReadOnlyList<Quote> Hits);
