using Bot.Evaluation;

namespace Bot.Tests.Evaluation;

public sealed class BeirReaderTests
{
    [Fact]
    public async Task CorpusReaderStreamsDocumentsAndSkipsBlankLines()
    {
        const string corpus = """
            {"_id": "d1", "title": "Ban", "text": "Ban it.", "metadata": {}}

            {"_id": "d2", "text": "No title here."}
            {"_id": 3, "title": null, "text": "Numeric id."}
            """;

        var documents = await ReadCorpusAsync(corpus);

        Assert.Equal(
            [new BeirDocument("d1", "Ban", "Ban it."), new BeirDocument("d2", "", "No title here."), new BeirDocument("3", "", "Numeric id.")],
            documents);
    }

    [Theory]
    [InlineData("{\"_id\": \"d2\", \"text\": \"unterminated}", "not valid JSON")]
    [InlineData("{\"title\": \"t\", \"text\": \"x\"}", "\"_id\"")]
    [InlineData("{\"_id\": \"d2\", \"title\": \"t\"}", "no \"text\"")]
    [InlineData("{\"_id\": \"d2\", \"text\": [\"x\"]}", "\"text\" must be a string")]
    [InlineData("[1, 2]", "expected a JSON object")]
    public async Task CorpusReaderNamesFileAndLineOfMalformedLine(string badLine, string problem)
    {
        var corpus = "{\"_id\": \"d1\", \"text\": \"fine\"}\n" + badLine + "\n";

        var error = await Assert.ThrowsAsync<CollectionFormatException>(() => ReadCorpusAsync(corpus));

        Assert.Equal(2, error.Line);
        Assert.StartsWith("corpus.jsonl:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicsReaderSplitsAtFirstTab()
    {
        var topics = await BeirReader.ReadTopicsAsync(new StringReader("q1\tWhy ban it?\n\nq2\tA\ttab inside\n"), "topics.tsv");

        Assert.Equal([new EvaluationQuery("q1", "Why ban it?"), new EvaluationQuery("q2", "A\ttab inside")], topics);
    }

    [Theory]
    [InlineData("q1\tfine\nq2 no tab\n", 2, "no tab")]
    [InlineData("q1\tfine\n\tno id\n", 2, "empty query id")]
    [InlineData("q1\tfine\nq1\tagain\n", 2, "appears twice")]
    public async Task TopicsReaderRejectsMalformedLine(string topics, int line, string problem)
    {
        var error = await Assert.ThrowsAsync<CollectionFormatException>(
            () => BeirReader.ReadTopicsAsync(new StringReader(topics), "topics.tsv"));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QrelsReaderReadsTrecFormatWithGradesAndZeros()
    {
        var judgments = await BeirReader.ReadQrelsAsync(new StringReader("q1 0 d1 2\nq1 0 d2 0\n\nq2\t0\td3\t1\n"), "qrels.txt");

        Assert.Equal(3, judgments.Count);
        Assert.Equal(2, judgments.For("q1")["d1"]);
        Assert.Equal(0, judgments.For("q1")["d2"]);
        Assert.Equal(1, judgments.For("q2")["d3"]);
        Assert.Empty(judgments.For("q9"));
    }

    [Fact]
    public async Task QrelsReaderAcceptsBeirTsvWithHeader()
    {
        var judgments = await BeirReader.ReadQrelsAsync(
            new StringReader("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t2\n"), "test.tsv");

        Assert.Equal(2, judgments.Count);
        Assert.Equal(2, judgments.For("q1")["d2"]);
    }

    [Theory]
    [InlineData("q1 0 d1 1\nquery-id corpus-id score\n", 2, "not an integer")]
    [InlineData("q1 0 d1 1\nq1 0 d1\t1 extra\n", 2, "found 5 fields")]
    [InlineData("q1 d1\n", 1, "found 2 fields")]
    [InlineData("q1 0 d1 high\n", 1, "not an integer")]
    public async Task QrelsReaderRejectsMalformedLine(string qrels, int line, string problem)
    {
        var error = await Assert.ThrowsAsync<CollectionFormatException>(
            () => BeirReader.ReadQrelsAsync(new StringReader(qrels), "qrels.txt"));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocateFindsTheThreeFilesAndReadersOpenThem()
    {
        var folder = Directory.CreateTempSubdirectory("beir-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "corpus.jsonl"), "{\"_id\": \"d1\", \"title\": \"\", \"text\": \"x\"}\n");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "topics.test.tsv"), "q1\tx\n");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "qrels.test.txt"), "q1 0 d1 1\n");

            var files = BeirFiles.Locate(folder.FullName);
            var documents = new List<BeirDocument>();
            await foreach (var document in BeirReader.ReadCorpusAsync(files.CorpusPath))
            {
                documents.Add(document);
            }

            Assert.Equal(folder.Name, files.Name);
            Assert.Equal("d1", Assert.Single(documents).Id);
            Assert.Single(await BeirReader.ReadTopicsAsync(files.TopicsPath));
            Assert.Equal(1, (await BeirReader.ReadQrelsAsync(files.QrelsPath)).Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void LocateReportsMissingQrels()
    {
        var folder = Directory.CreateTempSubdirectory("beir-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "corpus.jsonl"), "");
            File.WriteAllText(Path.Combine(folder.FullName, "topics.tsv"), "");

            var error = Assert.Throws<FileNotFoundException>(() => BeirFiles.Locate(folder.FullName));

            Assert.Contains("qrels", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<List<BeirDocument>> ReadCorpusAsync(string text)
    {
        var documents = new List<BeirDocument>();
        await foreach (var document in BeirReader.ReadCorpusAsync(new StringReader(text), "corpus.jsonl"))
        {
            documents.Add(document);
        }

        return documents;
    }
}
