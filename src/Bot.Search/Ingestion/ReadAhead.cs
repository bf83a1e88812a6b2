using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Bot.Search.Ingestion;

/// <summary>
/// Enumerates a sequence on a second thread, up to a bounded number of items ahead of the consumer (handed over in
/// batches), in the same order.
/// Used to read and parse seed files while the index writer inverts the previous ones: on two cores the build no
/// longer waits for file reads (a cold page cache made them half of a 100k-passage build) or parsing. An exception
/// the source throws is rethrown to the consumer where it would have surfaced; disposing the enumeration early stops
/// and joins the reading thread.
/// </summary>
internal static class ReadAhead
{
    /// <summary>Items handed over at a time: one hand-off (and wake-up) per batch, not per item.</summary>
    private const int Batches = 4;

    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int capacity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return Enumerate(source, Math.Max(1, capacity / Batches), cancellationToken);
    }

    private static IEnumerable<T> Enumerate<T>(IEnumerable<T> source, int batchSize, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<List<T>>(Batches);
        ExceptionDispatchInfo? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                var batch = new List<T>(batchSize);
                foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count == batchSize)
                    {
                        queue.Add(batch, stop.Token);
                        batch = new List<T>(batchSize);
                    }
                }

                if (batch.Count > 0)
                {
                    queue.Add(batch, stop.Token);
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
            foreach (var batch in queue.GetConsumingEnumerable(cancellationToken))
            {
                foreach (var item in batch)
                {
                    yield return item;
                }
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
