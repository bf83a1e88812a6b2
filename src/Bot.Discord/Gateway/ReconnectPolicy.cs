namespace Bot.Discord.Gateway;

/// <summary>Reconnect delays as data: an endless sequence of <see cref="TimeSpan"/>s.</summary>
public static class ReconnectPolicy
{
    /// <summary>1 s, 2 s, 4 s ... capped at 60 s, each scaled by a random factor in [0.5, 1.0), forever.</summary>
    public static IEnumerable<TimeSpan> Default => Exponential(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>Exponential back-off from <paramref name="initial"/> to <paramref name="max"/> with jitter, forever.</summary>
    public static IEnumerable<TimeSpan> Exponential(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        var rng = random ?? Random.Shared;
        var next = initial;
        while (true)
        {
            var jitter = 0.5 + (rng.NextDouble() * 0.5);
            yield return next * jitter;
            next = next * 2 > max ? max : next * 2;
        }
    }
}
