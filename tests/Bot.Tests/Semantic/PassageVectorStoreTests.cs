using Bot.Search.Semantic;

namespace Bot.Tests.Semantic;

public sealed class PassageVectorStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pvec-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void RoundTripKeepsIdsOrderKeysAndEachVectorsDirection()
    {
        var (ids, vectors) = RandomUnitVectors(count: 50, dimensions: 384, seed: 7);
        var path = Path.Combine(_folder.FullName, "vectors.pvec");

        PassageVectorStore.Write(path, ids, vectors);
        var store = PassageVectorStore.Open(path);

        Assert.Equal(50, store.Count);
        Assert.Equal(384, store.Dimensions);
        Assert.Equal(32 + (50 * (4 + 384)) + ids.Sum(id => 1 + id.Length) + (50 * 16), new FileInfo(path).Length);
        for (var n = 0; n < ids.Length; n++)
        {
            Assert.Equal(ids[n], store.IdAt(n));
            Assert.True(store.TryGetOrdinal(ids[n], out var ordinal));
            Assert.Equal(n, ordinal);

            // Each component is rounded to 1/127 of the largest: the direction survives to well within 1%.
            var restored = store.Dequantize(n);
            Assert.Equal(1.0, restored.Sum(x => (double)x * x), 1e-4);
            Assert.True(restored.Zip(vectors[n], (a, b) => (double)a * b).Sum() > 0.999);
            Assert.All(restored.Zip(vectors[n]), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 0.01f));
            Assert.Equal(UInt128.Zero, store.ContentKeyAt(n));
        }

        Assert.False(store.TryGetOrdinal("missing", out _));
    }

    [Fact]
    public void CosineOfStoredRowIsCloseToExactCosine()
    {
        var (ids, vectors) = RandomUnitVectors(count: 20, dimensions: 384, seed: 11);
        var (_, queries) = RandomUnitVectors(count: 5, dimensions: 384, seed: 12);
        var path = Path.Combine(_folder.FullName, "vectors.pvec");
        PassageVectorStore.Write(path, ids, vectors);
        var store = PassageVectorStore.Open(path);

        foreach (var query in queries)
        {
            for (var n = 0; n < vectors.Length; n++)
            {
                var exact = vectors[n].Zip(query, (a, b) => (double)a * b).Sum();
                Assert.Equal(exact, store.Cosine(n, query), 0.01);
            }

            Assert.Equal(1.0, store.Cosine(0, vectors[0]), 0.001);
        }
    }

    [Fact]
    public void ZeroVectorHasCosineZero()
    {
        var path = Path.Combine(_folder.FullName, "zero.pvec");
        PassageVectorStore.Write(path, ["a"], [new float[4]]);
        var store = PassageVectorStore.Open(path);

        Assert.Equal(0, store.Cosine(0, [1, 0, 0, 0]));
        Assert.All(store.Dequantize(0), x => Assert.Equal(0, x));
    }

    [Theory]
    [InlineData(384)]
    [InlineData(33)]
    [InlineData(7)]
    public void TheIntegerDotProductIsExactAtEveryLengthAndAtTheExtremes(int length)
    {
        var random = new Random(length);
        for (var round = 0; round < 50; round++)
        {
            var a = new sbyte[length];
            var b = new sbyte[length];
            for (var i = 0; i < length; i++)
            {
                a[i] = round == 0 ? (sbyte)127 : round == 1 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
                b[i] = round == 1 ? (sbyte)-127 : round == 0 ? (sbyte)127 : (sbyte)random.Next(-127, 128);
            }

            var expected = 0;
            for (var i = 0; i < length; i++)
            {
                expected += a[i] * b[i];
            }

            Assert.Equal(expected, PassageVectorStore.Dot(a, b));
        }
    }

    [Fact]
    public void NearestRowsByAScanAreTheExactTopByCosine()
    {
        var (ids, vectors) = RandomUnitVectors(count: 500, dimensions: 384, seed: 21);
        var (_, queries) = RandomUnitVectors(count: 10, dimensions: 384, seed: 22);
        var path = Path.Combine(_folder.FullName, "vectors.pvec");
        PassageVectorStore.Write(path, ids, vectors);
        var store = PassageVectorStore.Open(path);

        foreach (var query in queries)
        {
            var exact = Enumerable.Range(0, vectors.Length).OrderByDescending(n => store.Cosine(n, query)).Take(10).ToList();
            var nearest = store.Nearest(query, 10);

            // The scan quantises the query too: its order may swap near-ties, never lose a clear leader.
            Assert.Equal(10, nearest.Count);
            Assert.Equal(exact[0], nearest[0]);
            Assert.True(nearest.Intersect(exact).Count() >= 8);
            Assert.True(nearest.Zip(nearest.Skip(1)).All(p => store.Cosine(p.First, query) >= store.Cosine(p.Second, query) - 0.02));
        }

        Assert.Empty(store.Nearest(queries[0], 0));
        Assert.Equal(500, store.Nearest(queries[0], 1000).Count);
    }

    [Fact]
    public void WriterLeavesNoFileUntilCommitAndReplacesOldFileOnCommit()
    {
        var path = Path.Combine(_folder.FullName, "vectors.pvec");
        PassageVectorStore.Write(path, ["old"], [[1f, 0f]]);

        using (var writer = new PassageVectorWriter(path, dimensions: 2))
        {
            writer.Add("abandoned", 1, [0f, 1f]);
        }

        Assert.Equal("old", PassageVectorStore.Open(path).IdAt(0));

        using (var writer = new PassageVectorWriter(path, dimensions: 2))
        {
            writer.Add("new-1", 3, [0f, 1f]);
            writer.Add("new-2", 7, [1f, 1f]);
            writer.Commit();
        }

        var store = PassageVectorStore.Open(path);
        Assert.Equal(["new-1", "new-2"], Enumerable.Range(0, store.Count).Select(store.IdAt));
        Assert.True(store.TryGetByContent(7, out var seventh));
        Assert.Equal(1, seventh);

        Assert.Equal(["vectors.pvec"], _folder.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void WriterRejectsWrongLengthAndRepeatedId()
    {
        using var writer = new PassageVectorWriter(Path.Combine(_folder.FullName, "v.pvec"), dimensions: 3);
        writer.Add("a", 0, [1f, 0f, 0f]);

        Assert.Throws<ArgumentException>(() => writer.Add("b", 0, [1f, 0f]));
        Assert.Throws<ArgumentException>(() => writer.Add("a", 0, [0f, 1f, 0f]));
        Assert.Throws<ArgumentException>(() => writer.Add("c", 0, [float.NaN, 0f, 0f]));
    }

    [Fact]
    public void OpenRejectsFileThatIsNotAVectorFileOrIsCutShort()
    {
        var other = Path.Combine(_folder.FullName, "other.bin");
        File.WriteAllBytes(other, new byte[64]);
        var path = Path.Combine(_folder.FullName, "vectors.pvec");
        PassageVectorStore.Write(path, ["a", "b"], [[1f, 0f], [0f, 1f]]);
        var bytes = File.ReadAllBytes(path);
        var cut = Path.Combine(_folder.FullName, "cut.pvec");
        File.WriteAllBytes(cut, bytes[..^2]);

        Assert.Throws<InvalidDataException>(() => PassageVectorStore.Open(other));
        Assert.Throws<InvalidDataException>(() => PassageVectorStore.Open(cut));
    }

    private static (string[] Ids, float[][] Vectors) RandomUnitVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var n = 0; n < count; n++)
        {
            var vector = Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            vectors[n] = vector.Select(v => v / norm).ToArray();
        }

        return (Enumerable.Range(0, count).Select(n => $"doc.txt#{n}").ToArray(), vectors);
    }
}
