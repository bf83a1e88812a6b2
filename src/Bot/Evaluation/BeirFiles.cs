namespace Bot.Evaluation;

/// <summary>
/// The files of a BEIR-style test collection: <c>corpus.jsonl</c>, a <c>topics*.tsv</c> (or BEIR's <c>queries.tsv</c>)
/// and a <c>qrels*.txt</c> (or BEIR's <c>qrels/test.tsv</c>).
/// </summary>
public sealed record BeirFiles(string Name, string CorpusPath, string TopicsPath, string QrelsPath)
{
    /// <summary>Finds the collection's files in <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing, or more than one file matches.</exception>
    public static BeirFiles Locate(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No collection folder at {folder}.");
        }

        var corpus = Path.Combine(folder, "corpus.jsonl");
        if (!File.Exists(corpus))
        {
            throw new FileNotFoundException($"{folder} has no corpus.jsonl.", corpus);
        }

        var topics = FindOne(folder, ["topics*.tsv", "queries*.tsv"], "topics*.tsv");
        var qrels = FindOne(folder, ["qrels*.txt", "qrels*.tsv", Path.Combine("qrels", "test.tsv")], "qrels*.txt");
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        return new BeirFiles(name, corpus, topics, qrels);
    }

    private static string FindOne(string folder, string[] patterns, string what)
    {
        foreach (var pattern in patterns)
        {
            var directory = Path.Combine(folder, Path.GetDirectoryName(pattern) ?? string.Empty);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var matches = Directory.GetFiles(directory, Path.GetFileName(pattern));
            if (matches.Length == 1)
            {
                return matches[0];
            }

            if (matches.Length > 1)
            {
                Array.Sort(matches, StringComparer.Ordinal);
                throw new FileNotFoundException($"{folder} has more than one {pattern}: {string.Join(", ", matches.Select(Path.GetFileName))}.");
            }
        }

        throw new FileNotFoundException($"{folder} has no {what}.");
    }
}
