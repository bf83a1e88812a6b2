using System.Globalization;

namespace Bot.Benchmarks.Corpus;

/// <summary>One passage of a seed document with the citation fields both benchmark engines store.</summary>
internal sealed record SeedPassage(string Id, string Text, string Title, string? Publisher, string? Url, string? Date, int Paragraph);

/// <summary>
/// Reads the generator's seed folder for the stand-in engines: front matter between <c>---</c> lines
/// (<c>key: value</c>, values optionally double-quoted), then paragraphs separated by blank lines, each a passage.
/// The bot's own SeedReader replaces this when the real engine is plugged in.
/// </summary>
internal static class SeedFolderReader
{
    public static IEnumerable<SeedPassage> ReadPassages(string seedsDirectory)
    {
        var files = Directory.GetFiles(seedsDirectory, "*.md");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var passage in ReadFile(file))
            {
                yield return passage;
            }
        }
    }

    public static IEnumerable<SeedPassage> ReadFile(string path)
    {
        var name = Path.GetFileName(path);
        var lines = File.ReadAllLines(path);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var line = 0;
        if (lines.Length > 0 && lines[0] == "---")
        {
            for (line = 1; line < lines.Length && lines[line] != "---"; line++)
            {
                var colon = lines[line].IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new InvalidDataException($"{path}:{line + 1}: expected 'key: value' in front matter");
                }

                fields[lines[line][..colon].Trim()] = Unquote(lines[line][(colon + 1)..].Trim());
            }

            line++;
        }

        if (!fields.TryGetValue("title", out var title) || title.Length == 0)
        {
            throw new InvalidDataException($"{path}:1: front matter has no title");
        }

        var paragraph = 0;
        var text = new System.Text.StringBuilder();
        for (; line <= lines.Length; line++)
        {
            if (line == lines.Length || string.IsNullOrWhiteSpace(lines[line]))
            {
                if (text.Length > 0)
                {
                    paragraph++;
                    yield return new SeedPassage(
                        string.Create(CultureInfo.InvariantCulture, $"{name}#{paragraph}"),
                        text.ToString(),
                        title,
                        fields.GetValueOrDefault("publisher"),
                        fields.GetValueOrDefault("url"),
                        fields.GetValueOrDefault("date"),
                        paragraph);
                    text.Clear();
                }

                continue;
            }

            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(lines[line].Trim());
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"'
            ? value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : value;
}
