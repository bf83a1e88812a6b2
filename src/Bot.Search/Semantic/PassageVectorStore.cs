using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Bot.Search.Semantic;

/// <summary>
/// A passage vector file (see <see cref="PassageVectorFormat"/>) read into memory: 388 bytes a passage (39 MB at 100k
/// passages), so that a brute-force scan of every row for the nearest passages is a few milliseconds of integer dot
/// products rather than page faults. Rows are looked up by ordinal, by passage id, or by the content key of the text
/// they were embedded from. Thread-safe for reads.
/// </summary>
public sealed class PassageVectorStore
{
    private readonly sbyte[] _rows;
    private readonly float[] _rowNorms;
    private readonly string[] _ids;
    private readonly UInt128[] _keys;
    private readonly Dictionary<string, int> _ordinals;
    private readonly Dictionary<UInt128, int> _byKey;

    private PassageVectorStore(int dimensions, sbyte[] rows, float[] rowNorms, string[] ids, UInt128[] keys)
    {
        Dimensions = dimensions;
        _rows = rows;
        _rowNorms = rowNorms;
        _ids = ids;
        _keys = keys;
        _ordinals = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        _byKey = new Dictionary<UInt128, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            _ordinals.Add(ids[i], i);
            if (keys[i] != UInt128.Zero)
            {
                _byKey.TryAdd(keys[i], i);
            }
        }
    }

    /// <summary>Components per vector.</summary>
    public int Dimensions { get; }

    /// <summary>Number of rows (passages).</summary>
    public int Count => _ids.Length;

    /// <summary>Writes <paramref name="vectors"/> (row n for <paramref name="ids"/>[n], no content keys) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> ids, IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(vectors);
        if (ids.Count != vectors.Count)
        {
            throw new ArgumentException($"{ids.Count} ids but {vectors.Count} vectors.", nameof(vectors));
        }

        if (vectors.Count == 0)
        {
            throw new ArgumentException("No vectors to write.", nameof(vectors));
        }

        using var writer = new PassageVectorWriter(path, vectors[0].Length);
        for (var i = 0; i < ids.Count; i++)
        {
            writer.Add(ids[i], UInt128.Zero, vectors[i]);
        }

        writer.Commit();
    }

    /// <summary>Reads a vector file; throws <see cref="InvalidDataException"/> when it is not one or is cut short.</summary>
    public static PassageVectorStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> header = stackalloc byte[PassageVectorFormat.HeaderSize];
        if (stream.Length < PassageVectorFormat.HeaderSize)
        {
            throw new InvalidDataException($"{path} is too short to be a passage vector file.");
        }

        stream.ReadExactly(header);
        if (!header[..4].SequenceEqual(PassageVectorFormat.Magic))
        {
            throw new InvalidDataException($"{path} is not a passage vector file.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        var encoding = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        if (version != PassageVectorFormat.Version || encoding != PassageVectorFormat.Int8WithScale)
        {
            throw new InvalidDataException($"{path} has version {version}, encoding {encoding}; this build reads version {PassageVectorFormat.Version}, encoding {PassageVectorFormat.Int8WithScale}.");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        var idTableOffset = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        var keyTableOffset = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        var rowSize = dimensions > 0 ? PassageVectorFormat.RowSize(dimensions) : 0;
        if (dimensions <= 0 || count < 0 || idTableOffset != PassageVectorFormat.HeaderSize + ((long)count * rowSize)
            || keyTableOffset < idTableOffset || keyTableOffset + ((long)count * PassageVectorFormat.KeySize) != stream.Length)
        {
            throw new InvalidDataException($"{path} has an inconsistent header (dimensions {dimensions}, count {count}, id table at {idTableOffset}, key table at {keyTableOffset}, length {stream.Length}).");
        }

        var rows = new sbyte[(long)count * dimensions];
        var norms = new float[count];
        var row = new byte[rowSize];
        for (var i = 0; i < count; i++)
        {
            stream.ReadExactly(row);
            var components = MemoryMarshal.Cast<byte, sbyte>(row.AsSpan(sizeof(float)));
            components.CopyTo(rows.AsSpan(i * dimensions, dimensions));
            norms[i] = MathF.Sqrt(Dot(components, components));
        }

        var ids = new string[count];
        using (var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true))
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    ids[i] = reader.ReadString();
                }
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidDataException($"{path} is cut short in its id table.", ex);
            }
        }

        if (stream.Position != keyTableOffset)
        {
            throw new InvalidDataException($"{path}'s id table does not end where its key table starts.");
        }

        var keys = new UInt128[count];
        Span<byte> key = stackalloc byte[PassageVectorFormat.KeySize];
        for (var i = 0; i < count; i++)
        {
            stream.ReadExactly(key);
            keys[i] = BinaryPrimitives.ReadUInt128LittleEndian(key);
        }

        return new PassageVectorStore(dimensions, rows, norms, ids, keys);
    }

    /// <summary>The passage id of row <paramref name="ordinal"/>.</summary>
    public string IdAt(int ordinal) => _ids[ordinal];

    /// <summary>The row of passage <paramref name="id"/>, if it has one.</summary>
    public bool TryGetOrdinal(string id, out int ordinal) => _ordinals.TryGetValue(id, out ordinal);

    /// <summary>A row embedded from the text with this content key, if there is one.</summary>
    public bool TryGetByContent(UInt128 contentKey, out int ordinal) => _byKey.TryGetValue(contentKey, out ordinal);

    /// <summary>The content key of row <paramref name="ordinal"/> (0 when it was written without one).</summary>
    public UInt128 ContentKeyAt(int ordinal) => _keys[ordinal];

    /// <summary>Row <paramref name="ordinal"/> turned back into a unit vector (the quantised direction).</summary>
    public float[] Dequantize(int ordinal)
    {
        var row = Row(ordinal);
        var norm = _rowNorms[ordinal];
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] = norm == 0 ? 0 : row[i] / norm;
        }

        return vector;
    }

    /// <summary>Cosine similarity between row <paramref name="ordinal"/> and <paramref name="query"/>; 0 when either is all zeros.</summary>
    public double Cosine(int ordinal, ReadOnlySpan<float> query)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} components, got {query.Length}.", nameof(query));
        }

        var row = Row(ordinal);
        double dot = 0, queryNorm = 0;
        for (var i = 0; i < Dimensions; i++)
        {
            dot += row[i] * (double)query[i];
            queryNorm += (double)query[i] * query[i];
        }

        var rowNorm = _rowNorms[ordinal];
        return rowNorm == 0 || queryNorm == 0 ? 0 : dot / (rowNorm * Math.Sqrt(queryNorm));
    }

    /// <summary>
    /// The <paramref name="count"/> rows nearest <paramref name="query"/> by cosine, best first, by a scan of every row
    /// with the query quantised like the rows (integer dot products; cosines within about 0.01 of <see cref="Cosine"/>,
    /// which is what the ranker then scores with).
    /// </summary>
    public IReadOnlyList<int> Nearest(ReadOnlySpan<float> query, int count)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} components, got {query.Length}.", nameof(query));
        }

        if (count <= 0 || Count == 0)
        {
            return [];
        }

        var quantised = new sbyte[Dimensions];
        PassageVectorFormat.Quantize(query, quantised);
        var best = new PriorityQueue<int, float>(count + 1);
        for (var i = 0; i < Count; i++)
        {
            var norm = _rowNorms[i];
            var similarity = norm == 0 ? 0f : Dot(Row(i), quantised) / norm;
            if (best.Count < count)
            {
                best.Enqueue(i, similarity);
            }
            else if (best.TryPeek(out _, out var lowest) && similarity > lowest)
            {
                best.EnqueueDequeue(i, similarity);
            }
        }

        var result = new int[best.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = best.Dequeue();
        }

        return result;
    }

    private ReadOnlySpan<sbyte> Row(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, Count);
        return _rows.AsSpan(ordinal * Dimensions, Dimensions);
    }

    /// <summary>
    /// Integer dot product of two int8 vectors, widened to 16 bits (127 × 127 fits) and summed in 32. With AVX2, pairs
    /// of 16-bit products are summed by one instruction (<c>vpmaddwd</c>) rather than widened and added one by one: the
    /// scan of every row is most of the cost of ranking a question at 100k passages, and integer sums are exact in any
    /// order, so the result is the same.
    /// </summary>
    internal static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (Avx2.IsSupported && b.Length >= a.Length)
        {
            return DotAvx2(a, b);
        }

        var sum = Vector<int>.Zero;
        var i = 0;
        for (; i + Vector<sbyte>.Count <= a.Length; i += Vector<sbyte>.Count)
        {
            Vector.Widen(new Vector<sbyte>(a[i..]), out var aLow, out var aHigh);
            Vector.Widen(new Vector<sbyte>(b[i..]), out var bLow, out var bHigh);
            Vector.Widen(aLow * bLow, out var p0, out var p1);
            Vector.Widen(aHigh * bHigh, out var p2, out var p3);
            sum += p0 + p1 + p2 + p3;
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static int DotAvx2(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        var sum = Vector256<int>.Zero;
        var i = 0;
        for (; i + Vector256<sbyte>.Count <= a.Length; i += Vector256<sbyte>.Count)
        {
            var x = Vector256.LoadUnsafe(ref left, (nuint)i);
            var y = Vector256.LoadUnsafe(ref right, (nuint)i);
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(x.GetLower()), Avx2.ConvertToVector256Int16(y.GetLower())));
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(x.GetUpper()), Avx2.ConvertToVector256Int16(y.GetUpper())));
        }

        var total = Vector256.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
