using Bot.Commands;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Search.Answers;

namespace Bot.Tests.Commands;

public sealed class CommandTextTests
{
    private static readonly Snowflake Bot = new(100);

    [Theory]
    [InlineData(false, false, null, true, true)] // a member mentions the bot in a guild
    [InlineData(false, false, null, false, false)] // a guild message that does not mention it
    [InlineData(true, false, null, true, false)] // another bot
    [InlineData(false, true, null, true, false)] // the bot itself
    [InlineData(false, false, 9UL, true, false)] // a webhook
    public void OnlyMessagesFromPeopleThatMentionTheBotAreAnswered(bool authorIsBot, bool authorIsSelf, ulong? webhook, bool mentioned, bool expected)
    {
        var message = new Message
        {
            Id = new Snowflake(1),
            ChannelId = new Snowflake(2),
            GuildId = new Snowflake(3),
            Author = new User { Id = authorIsSelf ? Bot : new Snowflake(4), Bot = authorIsBot },
            Content = "<@100> hi",
            Mentions = mentioned ? [new User { Id = Bot }] : [],
            WebhookId = webhook is { } id ? new Snowflake(id) : null,
        };

        Assert.Equal(expected, MentionHandler.IsForBot(message, Bot));
    }

    [Fact]
    public void DirectMessagesAreAnsweredWithoutAMention()
    {
        var dm = new Message { Id = new Snowflake(1), ChannelId = new Snowflake(2), Author = new User { Id = new Snowflake(4) }, Content = "why?" };

        Assert.True(MentionHandler.IsForBot(dm, Bot));
    }

    [Fact]
    public void CommandDefinitionsPassDiscordsLimits()
    {
        DiscordLimits.Validate(CommandDefinitions.All);
        Assert.Contains(CommandDefinitions.All, c => c.Type == ApplicationCommandType.Message && c.Name == CommandDefinitions.FindSources);
    }

    [Fact]
    public void AnswerButtonsCarryPassageIdsAndTheQuestionWithinTheCustomIdLimit()
    {
        var source = new PassageSource("t", null, null, "seeds/a.txt", 1, null);
        var quotes = new[]
        {
            new Quote("a.txt#1", "x", 1, source, []),
            new Quote(new string('f', 120) + ".txt#2", "y", 1, source, []),
        };

        var texts = new ButtonTexts();

        var rows = InteractionRouter.AnswerButtons(quotes, "Who leads LEAP?", texts);

        var buttons = Assert.Single(rows).Components;
        Assert.Equal(2, buttons.Count);
        Assert.Matches("^cite:[0-9A-F]{16}:a.txt#1$", buttons[0].CustomId);
        Assert.Equal("Who leads LEAP?", texts.Lookup(buttons[0].CustomId![5..21]));
        Assert.Equal("Cite 1", buttons[0].Label);
        Assert.Equal("docx:a:Who leads LEAP?", buttons[1].CustomId);
        Assert.Equal(InteractionRouter.CardsLabel, buttons[1].Label);
        Assert.All(buttons, b => Assert.InRange(b.CustomId!.Length, 1, 100));
    }
}
