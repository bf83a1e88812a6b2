using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Fakes;

/// <summary>Keeps every formatted log line (to assert that the token never appears in one).</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Predicate, int Count, TaskCompletionSource Waiter)> _waiters = [];

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
        lock (_gate)
        {
            foreach (var entry in _waiters.ToList())
            {
                if (_lines.Count(entry.Predicate) >= entry.Count)
                {
                    _waiters.Remove(entry);
                    entry.Waiter.TrySetResult();
                }
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> lines match.</summary>
    public Task WaitForCountAsync(Func<string, bool> predicate, int count, TimeSpan? timeout = null)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.Count(predicate) >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((predicate, count, waiter));
        }

        return waiter.Task.WaitAsync(timeout ?? FakeTimeouts.Guard);
    }
}
