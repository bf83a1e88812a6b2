using Microsoft.Extensions.Time.Testing;

namespace Bot.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that lets a test wait until the code under test has armed a timer (a
/// Task.Delay or a periodic timer) before advancing time: no sleeps, no races between Advance and timer creation.
/// </summary>
public sealed class ObservableTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(Func<TimeSpan, TimeSpan, bool> Predicate, TaskCompletionSource<TimeSpan> Waiter)> _waiters = [];
    private readonly List<(TimeSpan DueTime, TimeSpan Period)> _created = [];

    public ObservableTimeProvider()
        : base(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Due times of every timer created so far.</summary>
    public IReadOnlyList<TimeSpan> CreatedTimers
    {
        get
        {
            lock (_gate)
            {
                return [.. _created.Select(t => t.DueTime)];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource<TimeSpan>> release = [];
        lock (_gate)
        {
            _created.Add((dueTime, period));
            foreach (var entry in _waiters.ToList())
            {
                if (entry.Predicate(dueTime, period))
                {
                    _waiters.Remove(entry);
                    release.Add(entry.Waiter);
                }
            }
        }

        foreach (var waiter in release)
        {
            waiter.TrySetResult(dueTime);
        }

        return timer;
    }

    /// <summary>
    /// Completes when a timer whose due time matches is created <em>after</em> this call; get the task before
    /// triggering the code that arms the timer.
    /// </summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> dueTime, TimeSpan? timeout = null) =>
        WaitForTimerAsync((due, _) => dueTime(due), timeout);

    /// <summary>Like <see cref="WaitForTimerAsync(Func{TimeSpan, bool}, TimeSpan?)"/>, for one-shot timers only (Task.Delay).</summary>
    public Task<TimeSpan> WaitForDelayAsync(Func<TimeSpan, bool> dueTime, TimeSpan? timeout = null) =>
        WaitForTimerAsync((due, period) => period == Timeout.InfiniteTimeSpan && dueTime(due), timeout);

    /// <summary>Waits for a Task.Delay of exactly <paramref name="dueTime"/>.</summary>
    public Task<TimeSpan> WaitForDelayAsync(TimeSpan dueTime, TimeSpan? timeout = null) =>
        WaitForDelayAsync(d => d == dueTime, timeout);

    /// <summary>Like <see cref="WaitForDelayAsync(TimeSpan, TimeSpan?)"/>, but also satisfied by a timer armed before the call.</summary>
    public Task<TimeSpan> WaitForDelayArmedAsync(TimeSpan dueTime, TimeSpan? timeout = null) =>
        WaitForTimerAsync((due, period) => period == Timeout.InfiniteTimeSpan && due == dueTime, timeout, includeExisting: true);

    private Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, TimeSpan, bool> predicate, TimeSpan? timeout, bool includeExisting = false)
    {
        var waiter = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var (dueTime, period) in includeExisting ? _created : [])
            {
                if (predicate(dueTime, period))
                {
                    return Task.FromResult(dueTime);
                }
            }

            _waiters.Add((predicate, waiter));
        }

        return waiter.Task.WaitAsync(timeout ?? FakeTimeouts.Guard);
    }
}
