using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace Bot.Search.Indexing;

/// <summary>
/// An <see cref="FSDirectory"/> that reads with positional reads (<see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>,
/// <c>pread</c>) on one shared file handle: no lock, no seek and no <c>fstat</c> per buffer refill, which is what
/// <see cref="NIOFSDirectory"/> does in Lucene.Net 4.8 (a lock around <c>FileStream.Position</c> and <c>Read</c>,
/// and the stream's own buffer behind it) and what dominated a profile of the answer path. Like NIOFS and unlike
/// <see cref="MMapDirectory"/>, a reader disposed while another thread searches fails with an exception, not a
/// crash. Writing is <see cref="FSDirectory"/>'s.
/// </summary>
internal sealed class PositionalReadDirectory(string path) : FSDirectory(new DirectoryInfo(path), null)
{
    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var handle = OpenHandle(name);
        try
        {
            return new PositionalReadInput($"PositionalReadInput(path=\"{name}\")", handle, 0, RandomAccess.GetLength(handle), BufferedIndexInput.GetBufferSize(context), ownsHandle: true);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        return new Slicer(name, OpenHandle(name), BufferedIndexInput.GetBufferSize(context));
    }

    private SafeFileHandle OpenHandle(string name) =>
        File.OpenHandle(Path.Combine(Directory.FullName, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    private sealed class Slicer(string name, SafeFileHandle handle, int bufferSize) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            new PositionalReadInput($"PositionalReadInput({sliceDescription} in path=\"{name}\" slice={offset}:{offset + length})", handle, offset, length, bufferSize, ownsHandle: false);

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, RandomAccess.GetLength(handle));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }
        }
    }

    /// <summary>A buffered input over <c>[offset, offset + length)</c> of a file; clones and slices share the handle.</summary>
    private sealed class PositionalReadInput : BufferedIndexInput
    {
        private readonly SafeFileHandle _handle;
        private readonly long _offset;
        private readonly long _length;
        private bool _ownsHandle;

        public PositionalReadInput(string description, SafeFileHandle handle, long offset, long length, int bufferSize, bool ownsHandle)
            : base(description, bufferSize)
        {
            _handle = handle;
            _offset = offset;
            _length = length;
            _ownsHandle = ownsHandle;
        }

        public override long Length => _length;

        public override object Clone()
        {
            var clone = (PositionalReadInput)base.Clone();
            clone._ownsHandle = false;
            return clone;
        }

        protected override void ReadInternal(byte[] b, int offset, int length)
        {
            var position = Position;
            if (position + length > _length)
            {
                throw new EndOfStreamException($"read past EOF: {this}");
            }

            var target = b.AsSpan(offset, length);
            var at = _offset + position;
            while (!target.IsEmpty)
            {
                var read = RandomAccess.Read(_handle, target, at);
                if (read <= 0)
                {
                    throw new EndOfStreamException($"read past EOF: {this} at {at}");
                }

                target = target[read..];
                at += read;
            }
        }

        protected override void SeekInternal(long pos)
        {
            // Positional reads: nothing to move.
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _ownsHandle)
            {
                _ownsHandle = false;
                _handle.Dispose();
            }
        }
    }
}
