using Bot.Discord.Gateway;
using Bot.Tests.Fakes;

namespace Bot.Tests.Discord;

public sealed class GatewaySendLimiterTests
{
    [Fact]
    public async Task KeepsTenOfThe120SlotsPerMinuteForHeartbeats()
    {
        var time = new ObservableTimeProvider();
        var limiter = new GatewaySendLimiter(time);
        for (var i = 0; i < 110; i++)
        {
            await limiter.WaitAsync(heartbeat: false, CancellationToken.None);
        }

        var held = time.WaitForDelayAsync(TimeSpan.FromSeconds(60));
        var ordinary = limiter.WaitAsync(heartbeat: false, CancellationToken.None);
        await held;
        Assert.False(ordinary.IsCompleted);

        // Heartbeats still go out while ordinary payloads wait, up to the hard limit of 120.
        for (var i = 0; i < 10; i++)
        {
            await limiter.WaitAsync(heartbeat: true, CancellationToken.None).WaitAsync(FakeTimeouts.Guard);
        }

        var heartbeatHeld = time.WaitForDelayAsync(TimeSpan.FromSeconds(60));
        var overLimit = limiter.WaitAsync(heartbeat: true, CancellationToken.None);
        await heartbeatHeld;
        Assert.False(overLimit.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(60));
        await Task.WhenAll(ordinary, overLimit).WaitAsync(FakeTimeouts.Guard);
    }
}
