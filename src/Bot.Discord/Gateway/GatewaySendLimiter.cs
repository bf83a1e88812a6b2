namespace Bot.Discord.Gateway;

/// <summary>
/// The per-connection send limit: 120 payloads per 60 s [GW]. Ordinary payloads stop at 110 so that heartbeats
/// always find room.
/// </summary>
internal sealed class GatewaySendLimiter(TimeProvider timeProvider)
{
    internal const int Limit = 120;
    internal const int ReservedForHeartbeats = 10;
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Queue<long> _sent = new();
    private readonly Lock _gate = new();

    public async Task WaitAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        var limit = heartbeat ? Limit : Limit - ReservedForHeartbeats;
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = timeProvider.GetTimestamp();
                while (_sent.Count > 0 && timeProvider.GetElapsedTime(_sent.Peek(), now) >= Window)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < limit)
                {
                    _sent.Enqueue(now);
                    return;
                }

                wait = Window - timeProvider.GetElapsedTime(_sent.Peek(), now);
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
