using Bot.Discord.Models;

namespace Bot.Hosting;

/// <summary>
/// The ids of the last <c>capacity</c> interactions and messages handled, so that a dispatch delivered twice (a
/// replay after a resume the gateway did not catch, a second delivery) is not answered twice. Bounded: the oldest id
/// is forgotten first. Used by the one read loop only, so not thread-safe.
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<Snowflake> _seen = [];
    private readonly Queue<Snowflake> _order = new();

    /// <summary>True the first time an id is seen, false when it was seen recently.</summary>
    public bool Add(Snowflake id)
    {
        if (!_seen.Add(id))
        {
            return false;
        }

        _order.Enqueue(id);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }

        return true;
    }
}
