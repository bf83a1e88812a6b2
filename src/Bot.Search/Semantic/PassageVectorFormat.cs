namespace Bot.Search.Semantic;

/// <summary>
/// Layout of a passage vector file (little-endian):
/// <code>
/// 0   "PVEC"            magic
/// 4   u16 version = 2
/// 6   u16 encoding = 1  (int8, one float32 scale per vector)
/// 8   i32 dimensions
/// 12  i32 count
/// 16  i64 id table offset
/// 24  i64 key table offset
/// 32  count rows of [f32 scale][dimensions x i8], row n at 32 + n * (4 + dimensions)
/// ..  id table: count strings, each a 7-bit encoded UTF-8 byte length then the bytes (BinaryWriter.Write(string))
/// ..  key table: count 16-byte content keys (<see cref="ContentKey"/> of the text row n was embedded from)
/// </code>
/// Component i of row n is about <c>scale * q[i]</c>, with <c>scale = max |v[i]| / 127</c>: the error of each
/// component is at most <c>scale / 2</c>. 388 bytes per 384-dimension vector against 1,536 as float32. The content keys
/// let the next build reuse the vector of every passage whose text (and model) did not change.
/// </summary>
internal static class PassageVectorFormat
{
    public const int HeaderSize = 32;
    public const ushort Version = 2;
    public const ushort Int8WithScale = 1;
    public const int KeySize = 16;
    public static ReadOnlySpan<byte> Magic => "PVEC"u8;

    public static int RowSize(int dimensions) => sizeof(float) + dimensions;

    /// <summary>The key of a vector: XXH128 of the model id and the exact text embedded, so a change to either misses.</summary>
    public static UInt128 ContentKey(string modelId, string text) =>
        System.IO.Hashing.XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes($"{modelId}\n{text}"));

    /// <summary>Quantises <paramref name="vector"/> into <paramref name="row"/> and returns the scale.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> row)
    {
        var maxAbs = 0f;
        foreach (var value in vector)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("A vector component is NaN or infinite.", nameof(vector));
            }

            maxAbs = Math.Max(maxAbs, Math.Abs(value));
        }

        if (maxAbs == 0)
        {
            row.Clear();
            return 0;
        }

        var scale = maxAbs / 127f;
        for (var i = 0; i < vector.Length; i++)
        {
            row[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        }

        return scale;
    }
}
