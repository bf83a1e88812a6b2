using Bot.Commands;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Tests.Commands;

public sealed class UserCooldownTests
{
    [Fact]
    public void SecondRequestWithinThePeriodIsRefusedWithTheTimeLeft()
    {
        var time = new FakeTimeProvider();
        var cooldown = new UserCooldown(TimeSpan.FromSeconds(5), time);

        Assert.True(cooldown.TryEnter(1, out _));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(cooldown.TryEnter(1, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(3), retryAfter);
    }

    [Fact]
    public void RequestAfterThePeriodIsAcceptedAndOtherUsersAreIndependent()
    {
        var time = new FakeTimeProvider();
        var cooldown = new UserCooldown(TimeSpan.FromSeconds(5), time);

        Assert.True(cooldown.TryEnter(1, out _));
        Assert.True(cooldown.TryEnter(2, out _));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(cooldown.TryEnter(1, out _));
    }

    [Fact]
    public void ZeroPeriodNeverRefuses()
    {
        var cooldown = new UserCooldown(TimeSpan.Zero, new FakeTimeProvider());

        Assert.True(cooldown.TryEnter(1, out _));
        Assert.True(cooldown.TryEnter(1, out _));
    }
}
