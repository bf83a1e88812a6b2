using System.Buffers.Binary;
using System.Text;

namespace Bot.Search.Semantic;

/// <summary>
/// Writes a passage vector file row by row (rows in passage-ordinal order) to a temporary file beside the target,
/// then moves it into place on <see cref="Commit"/>, so readers never see half a file. Disposing without committing
/// deletes the temporary file. Not thread-safe.
/// </summary>
public sealed class PassageVectorWriter : IDisposable
{
    private readonly string _path;
    private readonly string _temporaryPath;
    private readonly FileStream _stream;
    private readonly int _dimensions;
    private readonly byte[] _row;
    private readonly List<string> _ids = [];
    private readonly List<UInt128> _keys = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private bool _done;

    public PassageVectorWriter(string path, int dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        _path = Path.GetFullPath(path);
        _temporaryPath = $"{_path}.{Guid.NewGuid():N}.tmp";
        _dimensions = dimensions;
        _row = new byte[PassageVectorFormat.RowSize(dimensions)];
        Directory.CreateDirectory(Path.GetDirectoryName(_path) ?? ".");
        _stream = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _stream.Write(new byte[PassageVectorFormat.HeaderSize]);
    }

    /// <summary>Rows written so far; the next row's ordinal.</summary>
    public int Count => _ids.Count;

    /// <summary>
    /// Appends the vector of passage <paramref name="id"/> as the next row, with the content key of the text it was
    /// embedded from (<see cref="PassageVectorFormat.ContentKey"/>; 0 when the text is not known).
    /// </summary>
    public void Add(string id, UInt128 contentKey, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ObjectDisposedException.ThrowIf(_done, this);
        if (vector.Length != _dimensions)
        {
            throw new ArgumentException($"Expected {_dimensions} components, got {vector.Length}.", nameof(vector));
        }

        if (!_seen.Add(id))
        {
            throw new ArgumentException($"Passage id '{id}' was already written.", nameof(id));
        }

        var scale = PassageVectorFormat.Quantize(vector, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(_row.AsSpan(sizeof(float))));
        BinaryPrimitives.WriteSingleLittleEndian(_row, scale);
        _stream.Write(_row);
        _ids.Add(id);
        _keys.Add(contentKey);
    }

    /// <summary>Writes the id and key tables and the header, flushes to disk, and moves the file into place (replacing an old one).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        var idTableOffset = _stream.Position;
        long keyTableOffset;
        using (var writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var id in _ids)
            {
                writer.Write(id);
            }

            writer.Flush();
            keyTableOffset = _stream.Position;
            Span<byte> key = stackalloc byte[PassageVectorFormat.KeySize];
            foreach (var value in _keys)
            {
                BinaryPrimitives.WriteUInt128LittleEndian(key, value);
                writer.Write(key);
            }
        }

        Span<byte> header = stackalloc byte[PassageVectorFormat.HeaderSize];
        header.Clear();
        PassageVectorFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], PassageVectorFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], PassageVectorFormat.Int8WithScale);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], _dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], _ids.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], idTableOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], keyTableOffset);
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        _done = true;
        File.Move(_temporaryPath, _path, overwrite: true);
    }

    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        _stream.Dispose();
        File.Delete(_temporaryPath);
    }
}
