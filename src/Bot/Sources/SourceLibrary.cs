using System.Globalization;
using System.Text;
using Bot.Search.Ingestion;

namespace Bot.Sources;

/// <summary>A document to add: its bytes, the name it came with, and the values an admin gave for its metadata.</summary>
/// <param name="FileName">The name it came with (an attachment's, a path's last part, a link's last segment).</param>
/// <param name="Bytes">The document byte for byte.</param>
/// <param name="Given">Metadata the admin gave (title, author, date, publisher, url); these win over what the file states.</param>
/// <param name="FetchedFrom">The link it was downloaded from after redirects, when it was downloaded.</param>
public sealed record SourceRequest(string FileName, byte[] Bytes, DocumentMetadata Given, Uri? FetchedFrom = null);

/// <summary>What adding a document would do: the name it gets, its sidecar, what was read from it, and the source it would replace.</summary>
public sealed record SourcePreview(string Name, byte[] Bytes, string Sidecar, SeedDocument Document, string? Existing);

/// <summary>
/// Adds documents to the seeds folder and removes them. The document is kept byte for byte under a safe name; what
/// was read from it and what the admin gave go to its <c>.meta</c> sidecar, the admin's values winning. A document
/// is read in full (<see cref="SeedReader.Read"/>) before anything is written, so one the index would skip is
/// refused with the same reason and nothing in the folder changes.
/// </summary>
public sealed class SourceLibrary(string seedsDir, SeedReader reader, TimeProvider timeProvider)
{
    private const int MaxNameLength = 100;

    /// <summary>The metadata an admin gives, checked as a sidecar's lines are.</summary>
    /// <exception cref="SourceRefusedException">A value citations cannot use, with the reason.</exception>
    public static DocumentMetadata Given(string? title = null, string? author = null, string? date = null, string? publisher = null, string? url = null)
    {
        var lines = new List<string>();
        Add(lines, "title", title);
        Add(lines, "author", author);
        Add(lines, "date", date);
        Add(lines, "publisher", publisher);
        Add(lines, "url", url);
        try
        {
            return MetadataParser.Parse(lines, "given values");
        }
        catch (FormatException ex)
        {
            throw new SourceRefusedException(ex.Message, ex);
        }
    }

    /// <summary>Reads <paramref name="request"/> as the index would, and says what adding it would change.</summary>
    /// <exception cref="SourceRefusedException">The document cannot be read, with the reason.</exception>
    public SourcePreview Prepare(SourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = Sniff(request.Bytes);
        var name = SafeName(request.FileName, format);
        var accessed = request.FetchedFrom is null ? null : timeProvider.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var given = request.Given with { Accessed = request.Given.Accessed ?? accessed };
        var path = Path.Combine(seedsDir, name);
        var result = reader.Read(name, Path.GetFullPath(path), request.Bytes, given);
        if (result.Document is not { } document)
        {
            throw new SourceRefusedException($"{name} is refused: {result.Skipped?.Reason}");
        }

        var metadata = document.Metadata with { Title = document.Title, Url = document.Metadata.Url ?? request.FetchedFrom?.AbsoluteUri };
        var existing = File.Exists(path) ? name : FindByUrl(metadata.Url) ?? FindByContent(request.Bytes);
        return new SourcePreview(name, request.Bytes, Sidecar(metadata), document with { Metadata = metadata }, existing);
    }

    /// <summary>Writes the document and its sidecar; returns one line per file changed.</summary>
    /// <exception cref="SourceRefusedException">The same document is already a source and <paramref name="replace"/> is false.</exception>
    public IReadOnlyList<string> Commit(SourcePreview preview, bool replace)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var changes = new List<string>();
        if (preview.Existing is { } existing)
        {
            if (!replace)
            {
                throw new SourceRefusedException($"{existing} is already this source; replace it to update it");
            }

            if (existing != preview.Name)
            {
                changes.AddRange(Remove(existing));
            }
        }

        Directory.CreateDirectory(seedsDir);
        var path = Path.Combine(seedsDir, preview.Name);
        var existed = File.Exists(path);
        WriteAtomically(path, preview.Bytes);
        WriteAtomically(path + SeedReader.SidecarExtension, Encoding.UTF8.GetBytes(preview.Sidecar));
        var passages = preview.Document.Passages.Count;
        changes.Add(string.Create(CultureInfo.InvariantCulture, $"{(existed ? "replaced" : "added")} seeds/{preview.Name} ({passages} {(passages == 1 ? "passage" : "passages")}) and seeds/{preview.Name}{SeedReader.SidecarExtension}: \"{preview.Document.Title}\""));
        return changes;
    }

    /// <summary>Removes a document and its sidecar; returns one line per file removed.</summary>
    /// <exception cref="SourceRefusedException">No such document in the seeds folder.</exception>
    public IReadOnlyList<string> Remove(string name)
    {
        var full = Path.Combine(seedsDir, Resolve(name));
        var changes = new List<string>();
        File.Delete(full);
        changes.Add($"removed seeds/{SeedReader.RelativeName(seedsDir, full)}");
        if (File.Exists(full + SeedReader.SidecarExtension))
        {
            File.Delete(full + SeedReader.SidecarExtension);
            changes.Add($"removed seeds/{SeedReader.RelativeName(seedsDir, full)}{SeedReader.SidecarExtension}");
        }

        return changes;
    }

    /// <summary>The name, relative to the seeds folder, of the document <paramref name="name"/> names.</summary>
    /// <exception cref="SourceRefusedException">No such document in the seeds folder.</exception>
    public string Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var relative = name.Trim().Replace('\\', '/');
        if (relative.StartsWith("seeds/", StringComparison.Ordinal))
        {
            relative = relative["seeds/".Length..];
        }

        var full = Path.GetFullPath(Path.Combine(seedsDir, relative));
        var root = Path.GetFullPath(seedsDir) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal) || !SeedReader.IsDocumentFile(full) || !File.Exists(full))
        {
            throw new SourceRefusedException($"{name} is not a source (/sources and 'bot sources' list them)");
        }

        return SeedReader.RelativeName(seedsDir, full);
    }

    /// <summary>A file name that is safe in the seeds folder and whose extension agrees with the content.</summary>
    internal static string SafeName(string fileName, SourceFormat format)
    {
        var sb = new StringBuilder();
        foreach (var c in Path.GetFileName(fileName.Replace('\\', '/')))
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var name = sb.ToString().Trim('.', '-');
        var extension = Path.GetExtension(name);
        if (!SourceSniffer.AllExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            extension = SourceSniffer.Extensions[format][0];
            name = Path.GetFileNameWithoutExtension(name).Trim('.', '-');
        }
        else
        {
            name = Path.GetFileNameWithoutExtension(name).Trim('.', '-');
        }

        if (name.Length == 0)
        {
            name = "source";
        }

        return name[..Math.Min(name.Length, MaxNameLength)] + extension.ToLowerInvariant();
    }

    private static SourceFormat Sniff(byte[] bytes)
    {
        try
        {
            return SourceSniffer.SniffContent(bytes);
        }
        catch (ExtractionException ex)
        {
            throw new SourceRefusedException(ex.Message, ex);
        }
    }

    private string? FindByUrl(string? url)
    {
        if (url is null || !Directory.Exists(seedsDir))
        {
            return null;
        }

        foreach (var sidecar in Directory.EnumerateFiles(seedsDir, "*" + SeedReader.SidecarExtension, SearchOption.AllDirectories))
        {
            var document = sidecar[..^SeedReader.SidecarExtension.Length];
            try
            {
                if (File.Exists(document) && SeedReader.ReadSidecar(File.ReadAllBytes(sidecar), sidecar).Url == url)
                {
                    return SeedReader.RelativeName(seedsDir, document);
                }
            }
            catch (FormatException)
            {
                // A sidecar the index skips names no source to replace.
            }
        }

        return null;
    }

    private string? FindByContent(byte[] bytes)
    {
        if (!Directory.Exists(seedsDir))
        {
            return null;
        }

        return SeedReader.ListDocumentFiles(seedsDir)
            .Where(p => new FileInfo(p).Length == bytes.Length && File.ReadAllBytes(p).AsSpan().SequenceEqual(bytes))
            .Select(p => SeedReader.RelativeName(seedsDir, p))
            .FirstOrDefault();
    }

    private static string Sidecar(DocumentMetadata metadata)
    {
        var lines = new List<string>();
        Add(lines, "title", metadata.Title);
        foreach (var author in metadata.Authors)
        {
            Add(lines, "author", author);
        }

        Add(lines, "author_title", metadata.AuthorTitle);
        Add(lines, "publisher", metadata.Publisher);
        Add(lines, "section", metadata.Section);
        Add(lines, "date", metadata.Date);
        Add(lines, "url", metadata.Url);
        Add(lines, "accessed", metadata.Accessed);
        if (metadata.Tags.Count > 0)
        {
            Add(lines, "tags", string.Join(", ", metadata.Tags));
        }

        // What a file states about itself may be something citations cannot use (a byline of five commas): such a
        // line is left out, as the index would refuse the whole document over it.
        var kept = lines.Where(line =>
        {
            try
            {
                MetadataParser.Parse([line], "sidecar");
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        });
        return string.Join('\n', kept) + "\n";
    }

    private static void Add(List<string> lines, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            lines.Add(key + ": " + string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        // The dot-prefixed temporary name is never indexed; the move replaces the file in one step.
        var temporary = Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + ".tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
