namespace Bot.Search.Semantic;

/// <summary>How passages are cut and batched before the sentence-embedding model sees them.</summary>
public sealed class PassageEmbedderOptions
{
    /// <summary>
    /// The word-piece budget a text is cut to (whole words, estimated; [CLS] and [SEP] included). all-MiniLM-L6-v2 was
    /// trained on 128-256 pieces; 256 measured better and faster than the model's 512 limit.
    /// </summary>
    public int MaxWordPieces { get; init; } = 256;

    /// <summary>Texts per model call, 1 to 64. A batch pads to its longest text, so texts are sorted by length first.</summary>
    public int BatchSize { get; init; } = 16;
}
