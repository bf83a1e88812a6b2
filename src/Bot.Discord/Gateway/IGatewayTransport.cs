namespace Bot.Discord.Gateway;

/// <summary>
/// One gateway connection (a seam at the I/O edge): connect, send and receive whole text payloads, close.
/// The client creates a fresh transport for every connection, so no state leaks from one connection to the next.
/// </summary>
public interface IGatewayTransport : IAsyncDisposable
{
    Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default);

    /// <summary>Sends one UTF-8 JSON payload as a single text message.</summary>
    Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives one whole payload (frames accumulated, decompressed if needed), the server's close, or word that a
    /// payload over the transport's size cap was skipped.
    /// </summary>
    Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes with the given code (any code but 1000/1001 keeps the session resumable) without waiting long.</summary>
    Task CloseAsync(int closeCode, CancellationToken cancellationToken = default);
}

/// <summary>
/// A received message: a UTF-8 JSON payload, the close frame (code may be null if none was given), or a payload
/// that was too large and skipped (<see cref="Size"/> bytes, read and discarded).
/// </summary>
public sealed record GatewayFrame
{
    private GatewayFrame(ReadOnlyMemory<byte> payload, bool isClose, int? closeCode, string? closeReason, long size = 0)
    {
        Payload = payload;
        IsClose = isClose;
        CloseCode = closeCode;
        CloseReason = closeReason;
        Size = size == 0 ? payload.Length : size;
    }

    public ReadOnlyMemory<byte> Payload { get; }

    public bool IsClose { get; }

    public int? CloseCode { get; }

    public string? CloseReason { get; }

    /// <summary>True when the payload was over the size cap: nothing to parse, the connection carries on.</summary>
    public bool IsTooLarge { get; private init; }

    /// <summary>Bytes of the payload (for a skipped one, as many as were read before giving up on it).</summary>
    public long Size { get; }

    public static GatewayFrame Message(ReadOnlyMemory<byte> payload) => new(payload, false, null, null);

    public static GatewayFrame Closed(int? closeCode, string? closeReason) => new(default, true, closeCode, closeReason);

    public static GatewayFrame TooLarge(long size) => new(default, false, null, null, size) { IsTooLarge = true };
}
