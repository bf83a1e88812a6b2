namespace Bot.Evaluation;

/// <summary>One line of a BEIR <c>corpus.jsonl</c>.</summary>
/// <param name="Id">The <c>_id</c> the judgments refer to.</param>
/// <param name="Title">The title; empty when the corpus gives none.</param>
/// <param name="Text">The document text.</param>
public sealed record BeirDocument(string Id, string Title, string Text);

/// <summary>One query (topic) of a test collection.</summary>
public sealed record EvaluationQuery(string Id, string Text);
