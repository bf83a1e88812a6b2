using Bot.Benchmarks.Corpus;

namespace Bot.Tests.Benchmarks;

public sealed class CorpusGeneratorTests : IDisposable
{
    private const int Passages = 400;
    private const int Questions = 40;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SameSeedWritesByteIdenticalCorpus()
    {
        var first = Generate("a", seed: 7);
        var second = Generate("b", seed: 7);

        Assert.Equal(first.Manifest, second.Manifest);
        Assert.Equal(ReadAll(first.Seeds), ReadAll(second.Seeds));
        Assert.Equal(File.ReadAllBytes(first.Questions), File.ReadAllBytes(second.Questions));
    }

    [Fact]
    public void DifferentSeedsWriteDifferentCorpora()
    {
        var first = Generate("a", seed: 7);
        var second = Generate("b", seed: 8);

        Assert.NotEqual(ReadAll(first.Seeds).Values.First(), ReadAll(second.Seeds).Values.First());
    }

    [Fact]
    public void WritesExactlyTheRequestedPassagesWithNewsLikeLengths()
    {
        var corpus = Generate("a", seed: 1);

        var passages = SeedFolderReader.ReadPassages(corpus.Seeds).ToList();

        Assert.Equal(Passages, passages.Count);
        Assert.Equal(Passages, corpus.Manifest.Passages);
        Assert.All(passages, p =>
        {
            var words = p.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.InRange(words, CorpusGenerator.MinWords, CorpusGenerator.MaxWords);
            Assert.InRange(p.Text.Count(c => c == '.'), 1, 4);
        });
        Assert.Equal(corpus.Manifest.Words, passages.Sum(p => (long)p.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Fact]
    public void DocumentsHaveFrontMatterWithTitlePublisherUrlDateAndTags()
    {
        var corpus = Generate("a", seed: 1);

        foreach (var file in Directory.GetFiles(corpus.Seeds, "*.md"))
        {
            var lines = File.ReadAllLines(file);
            Assert.Equal("---", lines[0]);
            Assert.Matches("^title: \".+\"$", lines[1]);
            Assert.Matches("^publisher: \".+\"$", lines[2]);
            Assert.Matches(@"^url: https://[a-z]+\.example/\d{4}/\d{2}/[a-z0-9-]+$", lines[3]);
            Assert.Matches(@"^date: \d{4}-\d{2}-\d{2}$", lines[4]);
            Assert.Matches(@"^tags: \[[a-z ]+(, [a-z ]+)*\]$", lines[5]);
            Assert.Equal("---", lines[6]);
        }
    }

    [Fact]
    public void TextHasNamedEntitiesAndTypographicQuotes()
    {
        var corpus = Generate("a", seed: 1);

        var text = string.Join("\n", ReadAll(corpus.Seeds).Values);

        Assert.Contains("\u201C", text, StringComparison.Ordinal);
        Assert.Contains(",\u201D ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", text.Split("---\n")[^1], StringComparison.Ordinal);
        Assert.Contains(" said", text, StringComparison.Ordinal);
        Assert.Contains(NewsLexicon.Places, place => text.Contains(place, StringComparison.Ordinal));
    }

    [Fact]
    public void QuestionsAreDrawnFromTheWordsOfTheirPassage()
    {
        var corpus = Generate("a", seed: 3);
        var passages = SeedFolderReader.ReadPassages(corpus.Seeds).ToDictionary(p => p.Id, p => p.Text);

        var questions = CorpusQuestion.ReadAll(corpus.Questions, int.MaxValue);

        Assert.Equal(Questions, questions.Count);
        Assert.Equal(Questions, questions.Select(q => q.PassageId).Distinct().Count());
        Assert.All(questions, q =>
        {
            Assert.Equal(passages[q.PassageId], q.Passage);
            Assert.InRange(q.Keywords.Count, 2, 3);
            Assert.All(q.Keywords, k =>
            {
                Assert.Contains(k, q.Question, StringComparison.Ordinal);
                Assert.Contains(k, q.Passage, StringComparison.OrdinalIgnoreCase);
            });
            Assert.EndsWith("?", q.Question, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void QuestionsCanCoverEveryPassage()
    {
        var corpus = Generate("a", seed: 3, questions: Passages);

        var questions = CorpusQuestion.ReadAll(corpus.Questions, int.MaxValue);

        Assert.Equal(Passages, questions.Select(q => q.PassageId).Distinct().Count());
    }

    [Fact]
    public void VocabularyIsMostlyRealWordsWithALongTail()
    {
        var vocabulary = Vocabulary.Load();

        Assert.InRange(vocabulary.CommonCount, 2500, 5000);
        Assert.Equal(vocabulary.CommonCount + Vocabulary.TailCount, vocabulary.Count);
        Assert.Equal(vocabulary.Count, Enumerable.Range(0, vocabulary.Count).Select(i => vocabulary[i]).Distinct(StringComparer.Ordinal).Count());
    }

    private (string Seeds, string Questions, CorpusManifest Manifest) Generate(string name, ulong seed, int questions = Questions)
    {
        var seeds = Path.Combine(_folder.Path, name, "seeds");
        var questionsPath = Path.Combine(_folder.Path, name, "questions.jsonl");
        Directory.CreateDirectory(Path.Combine(_folder.Path, name));
        var manifest = new CorpusGenerator(Vocabulary.Load(), seed).Generate(seeds, questionsPath, Passages, questions);
        return (seeds, questionsPath, manifest);
    }

    private static SortedDictionary<string, string> ReadAll(string folder) =>
        new(Directory.GetFiles(folder).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText, StringComparer.Ordinal), StringComparer.Ordinal);
}
