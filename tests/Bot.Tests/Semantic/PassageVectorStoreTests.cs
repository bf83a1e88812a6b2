using Bot.Search.Semantic;

namespace Bot.Tests.Semantic;

public sealed class PassageVectorStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pvec-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void RoundTripKeepsIdsOrderAndEachComponentWithinHalfAScale()
    {
        var (ids, vectors) = RandomUnitVectors(count: 50, dimensions: 384, seed: 7);
        var path = Path.Combine(_folder.FullName, "vectors.pvec");

        PassageVectorStore.Write(path, ids, vectors);
        using var store = PassageVectorStore.Open(path);

        Assert.Equal(50, store.Count);
        Assert.Equal(384, store.Dimensions);
        Assert.Equal(32 + (50 * (4 + 384)) + ids.Sum(id => 1 + id.Length), new FileInfo(path).Length);
        for (var n = 0; n < ids.Length; n++)
        {
            Assert.Equal(ids[n], store.IdAt(n));
            Assert.True(store.TryGetOrdinal(ids[n], out var ordinal));
            Assert.Equal(n, ordinal);

            // scale = max |v[i]| / 127; rounding to the nearest step errs by at most half a step.
            var scale = store.ScaleAt(n);
            Assert.Equal(vectors[n].Max(Math.Abs) / 127f, scale, 1e-6f);
            var restored = store.Dequantize(n);
            for (var i = 0; i < restored.Length; i++)
            {
                Assert.InRange(Math.Abs(restored[i] - vectors[n][i]), 0, (scale / 2) + 1e-6f);
            }
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
        using var store = PassageVectorStore.Open(path);

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
    public void ZeroVectorStoresZeroScaleAndHasCosineZero()
    {
        var path = Path.Combine(_folder.FullName, "zero.pvec");
        PassageVectorStore.Write(path, ["a"], [new float[4]]);
        using var store = PassageVectorStore.Open(path);

        Assert.Equal(0, store.ScaleAt(0));
        Assert.Equal(0, store.Cosine(0, [1, 0, 0, 0]));
    }

    [Fact]
    public void WriterLeavesNoFileUntilCommitAndReplacesOldFileOnCommit()
    {
        var path = Path.Combine(_folder.FullName, "vectors.pvec");
        PassageVectorStore.Write(path, ["old"], [[1f, 0f]]);

        using (var writer = new PassageVectorWriter(path, dimensions: 2))
        {
            writer.Add("abandoned", [0f, 1f]);
        }

        using (var store = PassageVectorStore.Open(path))
        {
            Assert.Equal("old", store.IdAt(0));
        }

        using (var writer = new PassageVectorWriter(path, dimensions: 2))
        {
            writer.Add("new-1", [0f, 1f]);
            writer.Add("new-2", [1f, 1f]);
            writer.Commit();
        }

        using (var store = PassageVectorStore.Open(path))
        {
            Assert.Equal(["new-1", "new-2"], Enumerable.Range(0, store.Count).Select(store.IdAt));
        }

        Assert.Equal(["vectors.pvec"], _folder.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void WriterRejectsWrongLengthAndRepeatedId()
    {
        using var writer = new PassageVectorWriter(Path.Combine(_folder.FullName, "v.pvec"), dimensions: 3);
        writer.Add("a", [1f, 0f, 0f]);

        Assert.Throws<ArgumentException>(() => writer.Add("b", [1f, 0f]));
        Assert.Throws<ArgumentException>(() => writer.Add("a", [0f, 1f, 0f]));
        Assert.Throws<ArgumentException>(() => writer.Add("c", [float.NaN, 0f, 0f]));
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
