using System.Text.Json;
using Bot.Discord.Gateway;
using Bot.Discord.Models;
using Bot.Tests.Fakes;

namespace Bot.Tests.Discord;

/// <summary>Records print their members in ToString; the ones that hold a token must not print it.</summary>
public sealed class TokenPrintingTests
{
    [Fact]
    public void AnInteractionAndItsEventPrintTheirIdsButNotTheInteractionToken()
    {
        var payload = FakePayloads.SlashCommand("ask", ("question", "why?"));
        var token = payload["token"]!.GetValue<string>();
        var interaction = JsonSerializer.Deserialize(payload.ToJsonString(), DiscordJsonContext.Default.Interaction)!;

        foreach (var text in new[] { interaction.ToString(), new InteractionCreateEvent(interaction).ToString() })
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.Contains(interaction.Id.ToString(), text, StringComparison.Ordinal);
            Assert.Contains("ask", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IdentifyAndResumePayloadsDoNotPrintTheBotToken()
    {
        var identify = new IdentifyData
        {
            Token = FakeDiscord.BotToken,
            Intents = 4609,
            Properties = new IdentifyProperties { Os = "linux", Browser = "b", Device = "d" },
            Shard = [0, 1],
        };
        var resume = new ResumeData { Token = FakeDiscord.BotToken, SessionId = "session-1", Seq = 7 };

        Assert.DoesNotContain(FakeDiscord.BotToken, identify.ToString(), StringComparison.Ordinal);
        Assert.Contains("4609", identify.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscord.BotToken, resume.ToString(), StringComparison.Ordinal);
        Assert.Contains("session-1", resume.ToString(), StringComparison.Ordinal);
    }
}
