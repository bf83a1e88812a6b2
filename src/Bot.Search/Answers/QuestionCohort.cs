using Bot.Search.Semantic;

namespace Bot.Search.Answers;

/// <summary>
/// Everyday questions that no document of a policy debate answers (recipes, sport results, trivia, games, help with
/// apps and Discord, small talk; <c>CohortQuestions.txt</c>), embedded once per model: the null model that "bears on
/// it" measures a question against. A passage that merely mentions what a trivia question names ("penicillin since its
/// discovery in 1928" in an argument about drug prices) is about as near to other everyday questions as to the one
/// asked, while the passage a member's question is about is far nearer to that question than to any everyday one. The
/// margin between the two is the question's cosine normalised by a cohort of impostors, as speaker verification
/// normalises a claimant's score: it tells a passing mention from the topic when the cosine alone cannot, in a corpus
/// of hundreds of topics where every trivia question finds some passage at 0.6-0.7 (docs/quality.md).
/// </summary>
internal sealed class QuestionCohort
{
    /// <summary>
    /// Cohort questions nearest the passage whose mean cosine the margin subtracts. One and three separated the dev
    /// questions alike (76 and 75 of 83 off-topic declined inside the debate corpus, docs/quality.md); with three, a
    /// single everyday question that happens to lie near a topic cannot make the bot decline it.
    /// </summary>
    public const int Neighbours = 3;

    /// <summary>The cohort's vectors in an index generation, written by the build so that a cold process need not embed them.</summary>
    public const string VectorsFile = "cohort.pvec";

    private const string ResourceName = "Bot.Search.Answers.CohortQuestions.txt";

    /// <summary>Told apart from a passage of the same text: a cohort question is embedded behind the query instruction.</summary>
    private const string QueryKeyPrefix = "query\n";

    private readonly ITextEmbedder _embedder;
    private readonly Lock _gate = new();
    private float[][]? _vectors;

    public QuestionCohort(ITextEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
    }

    /// <summary>The cohort's questions, as the resource lists them.</summary>
    public static IReadOnlyList<string> Questions { get; } = Load();

    /// <summary>
    /// The cohort's vectors, embedded on first use (one model call; a failure is not remembered, so the next answer
    /// tries again).
    /// </summary>
    public IReadOnlyList<float[]> Vectors
    {
        get
        {
            if (Volatile.Read(ref _vectors) is { } vectors)
            {
                return vectors;
            }

            lock (_gate)
            {
                return _vectors ??= Embed(_embedder, Questions);
            }
        }
    }

    /// <summary>
    /// How much nearer the question is to the passage at <paramref name="ordinal"/> than the <see cref="Neighbours"/>
    /// cohort questions nearest that passage: <paramref name="cosine"/> (the question's) minus their mean cosine.
    /// </summary>
    /// <param name="vectors">The passages' vectors.</param>
    /// <param name="ordinal">The passage's row.</param>
    /// <param name="cosine">The question's cosine with the passage.</param>
    /// <param name="stored">The cohort's vectors as the index generation stores them (<see cref="Read"/>); null embeds them.</param>
    public double Margin(PassageVectorStore vectors, int ordinal, double cosine, IReadOnlyList<float[]>? stored = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var nearest = new PriorityQueue<double, double>(Neighbours + 1);
        foreach (var vector in stored ?? Vectors)
        {
            var similarity = vectors.Cosine(ordinal, vector);
            nearest.Enqueue(similarity, similarity);
            if (nearest.Count > Neighbours)
            {
                nearest.Dequeue();
            }
        }

        var sum = 0.0;
        var count = nearest.Count;
        while (nearest.TryDequeue(out var similarity, out _))
        {
            sum += similarity;
        }

        return count == 0 ? cosine : cosine - (sum / count);
    }

    /// <summary>
    /// Writes the cohort's vectors into <paramref name="generationDir"/>, taking each from
    /// <paramref name="previousGenerationDir"/>'s file when the same model made it from the same question, so a rebuild
    /// embeds them only after the model or the cohort changed.
    /// </summary>
    public static void Write(string generationDir, ITextEmbedder embedder, string? previousGenerationDir)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var keys = Questions.Select(q => ContentKey(embedder.ModelId, q)).ToArray();
        var previous = previousGenerationDir is null ? null : TryOpen(Path.Combine(previousGenerationDir, VectorsFile), embedder.Dimensions);
        var vectors = new float[keys.Length][];
        var missing = new List<int>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (previous is not null && previous.TryGetByContent(keys[i], out var row))
            {
                vectors[i] = previous.Dequantize(row);
            }
            else
            {
                missing.Add(i);
            }
        }

        var embedded = Embed(embedder, [.. missing.Select(i => Questions[i])]);
        for (var j = 0; j < missing.Count; j++)
        {
            vectors[missing[j]] = embedded[j];
        }

        using var writer = new PassageVectorWriter(Path.Combine(generationDir, VectorsFile), embedder.Dimensions);
        for (var i = 0; i < keys.Length; i++)
        {
            writer.Add(Questions[i], keys[i], vectors[i]);
        }

        writer.Commit();
    }

    /// <summary>
    /// The cohort's vectors from <paramref name="generationDir"/>, or null when the file is missing, unreadable, or
    /// lacks a question of this build's cohort as this model embeds it (then <see cref="Vectors"/> embeds them).
    /// </summary>
    public static IReadOnlyList<float[]>? Read(string generationDir, ITextEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var store = TryOpen(Path.Combine(generationDir, VectorsFile), embedder.Dimensions);
        if (store is null)
        {
            return null;
        }

        var vectors = new float[Questions.Count][];
        for (var i = 0; i < vectors.Length; i++)
        {
            if (!store.TryGetByContent(ContentKey(embedder.ModelId, Questions[i]), out var row))
            {
                return null;
            }

            vectors[i] = store.Dequantize(row);
        }

        return vectors;
    }

    /// <summary>
    /// Embeds <paramref name="questions"/> <see cref="EmbeddingBatch"/> at a time: one call for all of them would grow
    /// the model runtime's memory arena to a batch of 157, which it keeps for the life of the process.
    /// </summary>
    private static float[][] Embed(ITextEmbedder embedder, IReadOnlyList<string> questions) =>
        [.. questions.Chunk(EmbeddingBatch).SelectMany(chunk => embedder.EmbedQueries(chunk))];

    /// <summary>Questions per model call when the cohort is embedded: four times the largest batch an answer makes (its word-support probes), and ten calls for the whole cohort.</summary>
    private const int EmbeddingBatch = 16;

    private static UInt128 ContentKey(string modelId, string question) => PassageVectorFormat.ContentKey(modelId, QueryKeyPrefix + question);

    private static PassageVectorStore? TryOpen(string path, int dimensions)
    {
        try
        {
            return File.Exists(path) && PassageVectorStore.Open(path) is { } store && store.Dimensions == dimensions ? store : null;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] Load()
    {
        using var stream = typeof(QuestionCohort).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks its resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }
}
