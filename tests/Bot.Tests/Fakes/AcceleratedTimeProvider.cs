namespace Bot.Tests.Fakes;

/// <summary>
/// Real time, with every timer shortened by <c>factor</c>: the gateway's heartbeats, reconnect and invalid-session
/// waits run a hundred times faster in a soak, while each still goes through its own code path.
/// </summary>
public sealed class AcceleratedTimeProvider(double factor) : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / factor;
}
