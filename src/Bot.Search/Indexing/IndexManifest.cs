using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Search.Ingestion;

namespace Bot.Search.Indexing;

/// <summary>What a generation of the index was built from; written beside it as <c>manifest.json</c>.</summary>
internal sealed record IndexManifest
{
    public const string FileName = "manifest.json";

    public required string Generation { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }

    /// <summary>Hash of the seed files' names, sizes and modification times, and of the index format.</summary>
    public required string SeedFingerprint { get; init; }

    public required int DocumentCount { get; init; }

    public required int PassageCount { get; init; }

    public required double BuildSeconds { get; init; }

    /// <summary>Acronym → long form, learned from the documents.</summary>
    public required IReadOnlyDictionary<string, string> Acronyms { get; init; }

    public required IReadOnlyList<DocumentInfo> Documents { get; init; }

    public required IReadOnlyList<SkippedFile> Skipped { get; init; }

    /// <summary>The passage vector file written with this generation, or null when it has none.</summary>
    public PassageVectorsInfo? Vectors { get; init; }

    public static IndexManifest? TryRead(string generationDir)
    {
        var path = Path.Combine(generationDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ManifestJsonContext.Default.IndexManifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string generationDir)
    {
        var path = Path.Combine(generationDir, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, ManifestJsonContext.Default.IndexManifest));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>
/// What a generation's passage vector file must be: its name in the generation folder, the generation it was written
/// for, the model that made it (<see cref="Semantic.ITextEmbedder.ModelId"/>), its row count and its size in bytes. A
/// file that does not match (copied from another generation, cut short, rewritten, another model) is ignored and the
/// generation is searched by words alone.
/// </summary>
internal sealed record PassageVectorsInfo(string File, string Generation, string Model, int Count, long Bytes);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IndexManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
