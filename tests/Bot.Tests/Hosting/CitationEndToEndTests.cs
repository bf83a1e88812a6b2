using System.Text.Json;
using Bot.Commands;
using Bot.Tests.Fakes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Tests.Hosting;

/// <summary>Citations as members get them in Discord, through the real host against the fake Discord.</summary>
public sealed class CitationEndToEndTests
{
    private const string Question = "Who is the executive director of LEAP?";
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    [Fact]
    public async Task CiteButtonOffersTheStylesAndTheChosenCitationComesBackToTheClickerAloneWithinLimits()
    {
        await using var bot = await RunningBot.StartAsync();
        var answer = await AskAsync(bot, Question);
        var cite = Buttons(answer)[0].GetProperty("custom_id").GetString()!;

        var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick(cite));

        var picker = await bot.RequestForAsync(click, RunningBot.CallbackRoute);
        Assert.Equal(4, picker.Body!.Value.GetProperty("type").GetInt32());
        Assert.Equal(64, RunningBot.Data(picker).GetProperty("flags").GetInt32());
        var styles = Buttons(picker);
        Assert.Equal(["Card", "MLA", "APA", "Chicago"], styles.Select(b => b.GetProperty("label").GetString()));
        ServeEndToEndTests.AssertPingsNobody(picker);

        var citations = new Dictionary<string, string>();
        foreach (var style in styles)
        {
            var chosen = await bot.SendInteractionAsync(FakePayloads.ButtonClick(style.GetProperty("custom_id").GetString()!));
            var reply = await bot.RequestForAsync(chosen, RunningBot.CallbackRoute);
            Assert.Equal(4, reply.Body!.Value.GetProperty("type").GetInt32());
            Assert.Equal(64, RunningBot.Data(reply).GetProperty("flags").GetInt32());
            ServeEndToEndTests.AssertPingsNobody(reply);
            var content = RunningBot.Content(reply);
            Assert.InRange(content.Length, 1, 2000);
            Assert.Contains("\n```\n", content, StringComparison.Ordinal);
            Assert.EndsWith("\n```", content, StringComparison.Ordinal);
            citations[style.GetProperty("label").GetString()!] = content;
        }

        // The card's tag is the question, the sentence naming LEAP's director underlined, the matches bold.
        Assert.Contains("```\n" + Question + "\n**The Hill 21** [3-2021;", citations["Card"], StringComparison.Ordinal);
        Assert.Matches(@"__[^\n]*Diane Goldstein[^\n]*__", citations["Card"]);
        Assert.Contains("**LEAP**", citations["Card"], StringComparison.Ordinal);
        Assert.Contains("*The Hill*, Mar. 2021, thehill.com/policy/", citations["MLA"], StringComparison.Ordinal);
        Assert.Contains("(2021, March). *The Hill*. https://thehill.com/", citations["APA"], StringComparison.Ordinal);
        Assert.Contains("```\n*Hill*. “Law Enforcement, ACLU Urge Biden to End ICE Partnership Programs.” March 2021. https://", citations["Chicago"], StringComparison.Ordinal);
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task CardsButtonUnderAnAnswerAttachesAValidWordFileOfItsPassages()
    {
        await using var bot = await RunningBot.StartAsync();
        var answer = await AskAsync(bot, Question);
        var buttons = Buttons(answer);
        var cards = buttons[^1];
        Assert.Equal(InteractionRouter.CardsLabel, cards.GetProperty("label").GetString());

        var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick(cards.GetProperty("custom_id").GetString()!));

        Assert.Equal(6, (await bot.RequestForAsync(click, RunningBot.CallbackRoute)).Body!.Value.GetProperty("type").GetInt32());
        var followup = await bot.RequestForAsync(click, RunningBot.FollowupRoute);
        Assert.StartsWith("multipart/form-data", followup.Header("Content-Type"), StringComparison.Ordinal);
        var file = Assert.Single(followup.Files);
        Assert.Equal(("files[0]", InteractionRouter.CardsFileName, DocxType), (file.Name, file.FileName, file.ContentType));
        var payload = followup.Body!.Value;
        Assert.Equal(64, payload.GetProperty("flags").GetInt32());
        Assert.Equal(InteractionRouter.CardsFileName, Assert.Single(payload.GetProperty("attachments").EnumerateArray()).GetProperty("filename").GetString());
        ServeEndToEndTests.AssertPingsNobody(followup);
        Assert.InRange(RunningBot.Content(followup).Length, 1, 2000);

        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().ToList();
        var tags = paragraphs.Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading4").ToList();
        Assert.Equal(buttons.Count - 1, tags.Count);
        Assert.All(tags, t => Assert.Equal(Question, t.InnerText));
        Assert.Contains(paragraphs, p => p.InnerText.Contains("retired Lt. Diane Goldstein, executive director for LEAP", StringComparison.Ordinal));
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    [Fact]
    public async Task CardsButtonOnASearchPageAttachesOneCardPerPassageOfThePage()
    {
        await using var bot = await RunningBot.StartAsync();
        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("search", ("query", "immigration police community")));
        var page = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        var cards = Buttons(page).Single(b => b.GetProperty("label").GetString() == InteractionRouter.CardsLabel);

        var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick(cards.GetProperty("custom_id").GetString()!));

        var followup = await bot.RequestForAsync(click, RunningBot.FollowupRoute);
        using var document = WordprocessingDocument.Open(new MemoryStream(Assert.Single(followup.Files).Content), isEditable: false);
        var styles = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value).ToList();
        Assert.Equal(InteractionRouter.SearchPageSize, styles.Count(s => s == "Heading4"));
        Assert.StartsWith("Search: immigration police community", document.MainDocumentPart.Document.Body.Elements<Paragraph>().ElementAt(1).InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACardsFileOverTheInteractionsAttachmentLimitIsNotSentAndTheMemberIsToldWhy()
    {
        await using var bot = await RunningBot.StartAsync();
        var answer = await AskAsync(bot, Question);
        var click = FakePayloads.ButtonClick(Buttons(answer)[^1].GetProperty("custom_id").GetString()!);
        click["attachment_size_limit"] = 1000;

        var token = await bot.SendInteractionAsync(click);

        var followup = await bot.RequestForAsync(token, RunningBot.FollowupRoute);
        Assert.Empty(followup.Files);
        Assert.StartsWith("The Word file is larger than Discord takes here", RunningBot.Content(followup), StringComparison.Ordinal);
        Assert.Equal(64, followup.Body!.Value.GetProperty("flags").GetInt32());
        Assert.DoesNotContain(bot.Discord.Rest.Requests, r => r.Files.Count > 0);
    }

    [Fact]
    public async Task ACardsButtonWhoseQuestionIsForgottenSaysSo()
    {
        await using var bot = await RunningBot.StartAsync();

        var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick("docx:a#0123456789ABCDEF"));

        var reply = await bot.RequestForAsync(click, RunningBot.CallbackRoute);
        Assert.Equal(64, RunningBot.Data(reply).GetProperty("flags").GetInt32());
        Assert.Contains("expired", RunningBot.Content(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiteTakesAStyleFromItsChoicesAndRefusesOthersClearly()
    {
        await using var bot = await RunningBot.StartAsync();
        var put = bot.Discord.Rest.Requests.Single(r => r.Method == "PUT");
        var style = put.Body!.Value.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cite")
            .GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "style");
        Assert.Equal(["card", "mla", "apa", "chicago"], style.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()));

        var mla = await bot.SendInteractionAsync(FakePayloads.SlashCommand("cite", ("passage", "000_d735ff75ace50038.txt#11"), ("style", "mla")));
        var unknown = await bot.SendInteractionAsync(FakePayloads.SlashCommand("cite", ("passage", "000_d735ff75ace50038.txt#11"), ("style", "harvard")));
        var missing = await bot.SendInteractionAsync(FakePayloads.SlashCommand("cite", ("passage", "nothing.txt#99"), ("style", "apa")));

        Assert.StartsWith("**MLA 9**, ready to paste:\n```\n“Law Enforcement, ACLU Urge Biden to End ICE Partnership Programs.” *The Hill*, Mar. 2021,", RunningBot.Content(await bot.RequestForAsync(mla, RunningBot.CallbackRoute)), StringComparison.Ordinal);
        var refused = await bot.RequestForAsync(unknown, RunningBot.CallbackRoute);
        Assert.Equal(64, RunningBot.Data(refused).GetProperty("flags").GetInt32());
        Assert.Equal("I don't know the citation style “harvard”. Pick one of: `card`, `mla`, `apa`, `chicago`.", RunningBot.Content(refused));
        Assert.StartsWith("I can't find that passage", RunningBot.Content(await bot.RequestForAsync(missing, RunningBot.CallbackRoute)), StringComparison.Ordinal);
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
    }

    private static async Task<RecordedRequest> AskAsync(RunningBot bot, string question)
    {
        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", question)));
        return await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
    }

    private static List<JsonElement> Buttons(RecordedRequest request) =>
        [.. RunningBot.Data(request).GetProperty("components")[0].GetProperty("components").EnumerateArray()];
}
