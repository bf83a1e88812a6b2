using System.Threading.Channels;

namespace Bot.Discord.Gateway;

/// <summary>
/// The events between the receive loop and the consumer. The receive loop never waits on it (heartbeat ACKs must
/// keep being read). Events that a bot must not lose (READY, RESUMED, interactions, messages addressed to the bot)
/// are always queued; the others (GUILD_CREATE, raw dispatches) are dropped while <c>capacity</c> events wait, so
/// that a consumer that falls behind costs guild data, never a member's question.
/// </summary>
internal sealed class GatewayEventQueue(int capacity, Action<GatewayEvent, int> onDropped)
{
    private readonly Channel<GatewayEvent> _channel = Channel.CreateUnbounded<GatewayEvent>(
        new UnboundedChannelOptions { SingleWriter = true, SingleReader = false });

    private int _count;

    public ChannelReader<GatewayEvent> Reader => _channel.Reader;

    /// <summary>Events waiting to be read.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Queues the event; false when it was dropped (a droppable event with the queue at capacity).</summary>
    public bool TryWrite(GatewayEvent gatewayEvent, bool essential)
    {
        var waiting = Volatile.Read(ref _count);
        if (!essential && waiting >= capacity)
        {
            onDropped(gatewayEvent, waiting);
            return false;
        }

        Interlocked.Increment(ref _count);
        if (!_channel.Writer.TryWrite(gatewayEvent))
        {
            // Completed: the client has stopped and nobody will read it.
            Interlocked.Decrement(ref _count);
            return false;
        }

        return true;
    }

    /// <summary>Called by the reader for each event it takes.</summary>
    public void Taken() => Interlocked.Decrement(ref _count);

    public void Complete(Exception? error) => _channel.Writer.TryComplete(error);
}
