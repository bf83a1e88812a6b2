using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Bot.Search.Indexing;

/// <summary>
/// The index folder: generations <c>gen-*</c> built side by side, the pointer file <c>CURRENT</c> naming the one
/// that serves (replaced by an atomic rename), and the build lock.
/// </summary>
internal static class IndexLayout
{
    public const string CurrentFile = "CURRENT";
    public const string LockFile = "build.lock";
    public const string GenerationPrefix = "gen-";

    /// <summary>Bumped when analysis, fields or the reading of documents change, so that an old index counts as stale.</summary>
    public const string Format = "passages-v4";

    public static string? CurrentGeneration(string indexDir)
    {
        var pointer = Path.Combine(indexDir, CurrentFile);
        if (!File.Exists(pointer))
        {
            return null;
        }

        var name = File.ReadAllText(pointer).Trim();
        return name.StartsWith(GenerationPrefix, StringComparison.Ordinal) && System.IO.Directory.Exists(Path.Combine(indexDir, name))
            ? name
            : null;
    }

    public static string NewGenerationName(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{GenerationPrefix}{now.UtcDateTime:yyyyMMdd'T'HHmmssfff}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}");

    /// <summary>Points <c>CURRENT</c> at <paramref name="generation"/>: write a temp file, then rename it over the pointer.</summary>
    public static void SwitchTo(string indexDir, string generation)
    {
        var temp = Path.Combine(indexDir, CurrentFile + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var bytes = Encoding.UTF8.GetBytes(generation + "\n");
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(indexDir, CurrentFile), overwrite: true);
    }

    /// <summary>Deletes generations other than <paramref name="keep"/> (the new one and the one it replaced).</summary>
    public static void DeleteGenerationsExcept(string indexDir, params string?[] keep)
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(indexDir, GenerationPrefix + "*"))
        {
            if (keep.Contains(Path.GetFileName(dir), StringComparer.Ordinal))
            {
                continue;
            }

            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Still open elsewhere (a reader on another platform): the next build retries.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }

    /// <summary>
    /// Hash of the index format and each seed file's relative name, size and modification time. XXH128, not a
    /// cryptographic hash: it only tells a changed folder from an unchanged one, and every <c>bot ask</c> computes it,
    /// where SHA-256 would load OpenSSL (several milliseconds of a cold start).
    /// </summary>
    public static string Fingerprint(string seedsDir)
    {
        var lines = System.IO.Directory.EnumerateFiles(seedsDir, "*", SearchOption.AllDirectories)
            .Select(path => new FileInfo(path))
            .Select(info => string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetRelativePath(seedsDir, info.FullName).Replace(Path.DirectorySeparatorChar, '/')}|{info.Length}|{info.LastWriteTimeUtc.Ticks}"))
            .Order(StringComparer.Ordinal)
            .Prepend(Format);
        return Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>Takes the exclusive build lock, or returns null when another build holds it.</summary>
    public static FileStream? TryLock(string indexDir)
    {
        try
        {
            var stream = new FileStream(Path.Combine(indexDir, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n")));
            stream.Flush();
            return stream;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
