using System.Buffers;
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace Bot.Search.Semantic;

/// <summary>
/// Read-only view of a passage vector file (see <see cref="PassageVectorFormat"/>): rows are memory-mapped, ids are
/// held in memory. Look rows up by passage ordinal, or map an id to its ordinal. Thread-safe for reads.
/// </summary>
public sealed class PassageVectorStore : IDisposable
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _rows;
    private readonly string[] _ids;
    private readonly Dictionary<string, int> _ordinals;
    private readonly int _rowSize;

    private PassageVectorStore(MemoryMappedFile? file, MemoryMappedViewAccessor? rows, int dimensions, string[] ids)
    {
        _file = file;
        _rows = rows;
        _ids = ids;
        Dimensions = dimensions;
        _rowSize = PassageVectorFormat.RowSize(dimensions);
        _ordinals = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            _ordinals.Add(ids[i], i);
        }
    }

    /// <summary>Components per vector.</summary>
    public int Dimensions { get; }

    /// <summary>Number of rows (passages).</summary>
    public int Count => _ids.Length;

    /// <summary>Writes <paramref name="vectors"/> (row n for <paramref name="ids"/>[n]) to <paramref name="path"/> atomically.</summary>
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
            writer.Add(ids[i], vectors[i]);
        }

        writer.Commit();
    }

    /// <summary>Opens a vector file; throws <see cref="InvalidDataException"/> when it is not one or is cut short.</summary>
    public static PassageVectorStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int dimensions;
        string[] ids;
        long rowsLength;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
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
                throw new InvalidDataException($"{path} has version {version}, encoding {encoding}; this build reads version 1, encoding 1.");
            }

            dimensions = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            var count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            var idTableOffset = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
            rowsLength = (long)count * PassageVectorFormat.RowSize(dimensions);
            if (dimensions <= 0 || count < 0 || idTableOffset != PassageVectorFormat.HeaderSize + rowsLength || idTableOffset > stream.Length)
            {
                throw new InvalidDataException($"{path} has an inconsistent header (dimensions {dimensions}, count {count}, id table at {idTableOffset}, length {stream.Length}).");
            }

            stream.Position = idTableOffset;
            ids = new string[count];
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
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

        if (ids.Length == 0)
        {
            return new PassageVectorStore(null, null, dimensions, ids);
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            var rows = file.CreateViewAccessor(PassageVectorFormat.HeaderSize, rowsLength, MemoryMappedFileAccess.Read);
            return new PassageVectorStore(file, rows, dimensions, ids);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The passage id of row <paramref name="ordinal"/>.</summary>
    public string IdAt(int ordinal) => _ids[ordinal];

    /// <summary>The row of passage <paramref name="id"/>, if it has one.</summary>
    public bool TryGetOrdinal(string id, out int ordinal) => _ordinals.TryGetValue(id, out ordinal);

    /// <summary>The scale of row <paramref name="ordinal"/> (its largest component magnitude / 127).</summary>
    public float ScaleAt(int ordinal) => ReadRow(ordinal, []);

    /// <summary>Row <paramref name="ordinal"/> turned back into floats (each component within scale / 2 of the original).</summary>
    public float[] Dequantize(int ordinal)
    {
        var buffer = ArrayPool<sbyte>.Shared.Rent(Dimensions);
        try
        {
            var scale = ReadRow(ordinal, buffer);
            var vector = new float[Dimensions];
            for (var i = 0; i < Dimensions; i++)
            {
                vector[i] = buffer[i] * scale;
            }

            return vector;
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Cosine similarity between row <paramref name="ordinal"/> (as stored) and <paramref name="query"/>; 0 when either
    /// is all zeros.
    /// </summary>
    public double Cosine(int ordinal, ReadOnlySpan<float> query)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} components, got {query.Length}.", nameof(query));
        }

        var buffer = ArrayPool<sbyte>.Shared.Rent(Dimensions);
        try
        {
            ReadRow(ordinal, buffer);
            double dot = 0, rowNorm = 0, queryNorm = 0;
            for (var i = 0; i < Dimensions; i++)
            {
                double q = buffer[i];
                dot += q * query[i];
                rowNorm += q * q;
                queryNorm += (double)query[i] * query[i];
            }

            return rowNorm == 0 || queryNorm == 0 ? 0 : dot / Math.Sqrt(rowNorm * queryNorm);
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        _rows?.Dispose();
        _file?.Dispose();
    }

    private float ReadRow(int ordinal, sbyte[] components)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, Count);
        var rows = _rows ?? throw new InvalidOperationException("The store is empty.");
        long offset = (long)ordinal * _rowSize;
        var scale = rows.ReadSingle(offset);
        if (components.Length > 0)
        {
            rows.ReadArray(offset + sizeof(float), components, 0, Dimensions);
        }

        return scale;
    }
}
