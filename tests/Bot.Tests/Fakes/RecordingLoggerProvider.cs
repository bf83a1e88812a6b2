using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Fakes;

/// <summary>A logger provider for a whole host: keeps every line, with its exception in full, for assertions.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Predicate, int Count, TaskCompletionSource Waiter)> _waiters = [];

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>Completes once at least <paramref name="count"/> lines match (earlier lines included).</summary>
    public Task WaitForAsync(Func<string, bool> predicate, int count = 1, TimeSpan? timeout = null)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_messages.Count(predicate) >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((predicate, count, waiter));
        }

        return waiter.Task.WaitAsync(timeout ?? FakeTimeouts.Guard);
    }

    private void Add(string line)
    {
        lock (_gate)
        {
            _messages.Enqueue(line);
            foreach (var entry in _waiters.ToList())
            {
                if (_messages.Count(entry.Predicate) >= entry.Count)
                {
                    _waiters.Remove(entry);
                    entry.Waiter.TrySetResult();
                }
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
