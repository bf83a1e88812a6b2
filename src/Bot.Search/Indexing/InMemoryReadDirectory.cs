using Lucene.Net.Store;

namespace Bot.Search.Indexing;

/// <summary>
/// An <see cref="FSDirectory"/> that reads each file whole into memory when the reader opens it, then serves every read
/// from that array: no system call, lock or buffer refill per read. For an index small enough to hold in the heap
/// (see <see cref="SearchEngine"/>): at 1k passages a third of the answer path's time was <c>pread</c> refills of
/// 1 KiB buffers (term blocks, postings, stored fields), and each clone of an input allocated its own buffer. The
/// arrays are managed, so, unlike <see cref="MMapDirectory"/>, disposing a reader while another thread searches cannot
/// crash the process. Writing is <see cref="FSDirectory"/>'s.
/// </summary>
internal sealed class InMemoryReadDirectory(string path) : FSDirectory(new DirectoryInfo(path), null)
{
    /// <summary>Total size of the files in <paramref name="path"/>, in bytes.</summary>
    public static long SizeOf(string path) =>
        new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length);

    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var bytes = ReadAll(name);
        return new ArrayInput($"InMemoryInput(path=\"{name}\")", bytes, 0, bytes.Length);
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        return new Slicer(name, ReadAll(name));
    }

    private byte[] ReadAll(string name) => File.ReadAllBytes(Path.Combine(Directory.FullName, name));

    private sealed class Slicer(string name, byte[] bytes) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            new ArrayInput($"InMemoryInput({sliceDescription} in path=\"{name}\" slice={offset}:{offset + length})", bytes, checked((int)offset), checked((int)length));

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, bytes.Length);

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>Reads <c>[start, start + length)</c> of a shared array; clones share the array and keep their own position.</summary>
    private sealed class ArrayInput(string description, byte[] bytes, int start, int length) : IndexInput(description)
    {
        private readonly byte[] _bytes = bytes;
        private readonly int _start = start;
        private readonly int _end = start + length;
        private int _at = start;

        public override long Length => _end - _start;

        public override long Position => _at - _start;

        public override void Seek(long pos)
        {
            if (pos < 0 || pos > _end - _start)
            {
                throw new EndOfStreamException($"seek to {pos} past EOF: {this}");
            }

            _at = _start + (int)pos;
        }

        public override byte ReadByte()
        {
            if (_at >= _end)
            {
                throw new EndOfStreamException($"read past EOF: {this}");
            }

            return _bytes[_at++];
        }

        public override void ReadBytes(byte[] b, int offset, int len)
        {
            if (len > _end - _at)
            {
                throw new EndOfStreamException($"read past EOF: {this}");
            }

            Buffer.BlockCopy(_bytes, _at, b, offset, len);
            _at += len;
        }

        public override short ReadInt16()
        {
            var b = Take(2);
            return (short)((_bytes[b] << 8) | _bytes[b + 1]);
        }

        public override int ReadInt32()
        {
            var b = Take(4);
            return (_bytes[b] << 24) | (_bytes[b + 1] << 16) | (_bytes[b + 2] << 8) | _bytes[b + 3];
        }

        public override long ReadInt64()
        {
            var b = Take(8);
            return ((long)ReadInt32At(b) << 32) | (uint)ReadInt32At(b + 4);
        }

        public override int ReadVInt32()
        {
            if (_end - _at < 5)
            {
                return base.ReadVInt32();
            }

            var bytes = _bytes;
            var at = _at;
            int b = bytes[at++];
            var value = b & 0x7F;
            for (var shift = 7; b > 0x7F && shift <= 28; shift += 7)
            {
                b = bytes[at++];
                value |= (b & 0x7F) << shift;
            }

            if (b > 0x7F)
            {
                throw new IOException($"invalid vInt: {this}");
            }

            _at = at;
            return value;
        }

        public override long ReadVInt64()
        {
            if (_end - _at < 9)
            {
                return base.ReadVInt64();
            }

            var bytes = _bytes;
            var at = _at;
            long b = bytes[at++];
            var value = b & 0x7F;
            for (var shift = 7; b > 0x7F && shift <= 56; shift += 7)
            {
                b = bytes[at++];
                value |= (b & 0x7F) << shift;
            }

            if (b > 0x7F)
            {
                throw new IOException($"invalid vLong: {this}");
            }

            _at = at;
            return value;
        }

        public override object Clone() => (ArrayInput)MemberwiseClone();

        protected override void Dispose(bool disposing)
        {
        }

        private int Take(int count)
        {
            if (count > _end - _at)
            {
                throw new EndOfStreamException($"read past EOF: {this}");
            }

            var at = _at;
            _at += count;
            return at;
        }

        private int ReadInt32At(int b) => (_bytes[b] << 24) | (_bytes[b + 1] << 16) | (_bytes[b + 2] << 8) | _bytes[b + 3];
    }
}
