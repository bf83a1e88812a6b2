using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Bot.Search.Ingestion;

/// <summary>
/// Enumerates a sequence on a second thread, up to a bounded number of items ahead of the consumer, in the same order.
/// Used to read and parse seed files while the index writer inverts the previous ones: on two cores the build no
/// longer waits for file reads (a cold page cache made them half of a 100k-passage build) or parsing. An exception
/// the source throws is rethrown to the consumer where it would have surfaced; disposing the enumeration early stops
/// and joins the reading thread.
/// </summary>
internal static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int capacity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return Enumerate(source, capacity, cancellationToken);
    }

    private static IEnumerable<T> Enumerate<T>(IEnumerable<T> source, int capacity, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<T>(capacity);
        ExceptionDispatchInfo? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                foreach (var item in source)
                {
                    queue.Add(item, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early or the build was cancelled; the consumer reports it.
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        {
            IsBackground = true,
            Name = "seed read-ahead",
        };
        reader.Start();
        try
        {
            foreach (var item in queue.GetConsumingEnumerable(cancellationToken))
            {
                yield return item;
            }

            reader.Join();
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            reader.Join();
        }
    }
}
