using System.Text;
using System.Text.Json;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Hosting;

/// <summary>Admins add and remove sources from Discord: /add-source with a file or a link, a preview, a confirming button.</summary>
public sealed class SourceAdminEndToEndTests : IDisposable
{
    private const string ZebraQuestion = "How far do zebras migrate across the Serengeti?";
    private const string ZebraNotes = "---\ntitle: Zebra migration\npublisher: Wildlife Notes\n---\nZebras migrate about 500 kilometres across the Serengeti every year, following the rains.\n";
    private static readonly string[] NoWatch = ["--Search:WatchSeeds=false"];

    private readonly TempCorpus _corpus = new();

    [Fact]
    public async Task AdminAttachesMarkdownConfirmsAndTheNextAskQuotesItWithItsTitle()
    {
        var logs = new RecordingLoggerProvider();
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: NoWatch, logs: logs);
        var attachment = bot.Discord.Attach("zebras.md", Encoding.UTF8.GetBytes(ZebraNotes), "text/markdown; charset=utf-8");

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommandWithAttachment("add-source", "file", attachment).WithPermissions(FakePayloads.ManageGuildPermissions));

        var callback = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        Assert.Equal(5, callback.Body!.Value.GetProperty("type").GetInt32());
        Assert.Equal(64, callback.Body.Value.GetProperty("data").GetProperty("flags").GetInt32());
        var preview = await bot.RequestForAsync(token, RunningBot.EditOriginalRoute);
        var shown = RunningBot.Plain(RunningBot.Content(preview));
        Assert.Contains("Title: Zebra migration", shown, StringComparison.Ordinal);
        Assert.Contains("Author: none found", shown, StringComparison.Ordinal);
        Assert.Contains("Passages found: 1", shown, StringComparison.Ordinal);
        Assert.Contains("> Zebras migrate about 500 kilometres across the Serengeti every year", shown, StringComparison.Ordinal);
        Assert.Equal(1, bot.Discord.CdnDownloads);
        Assert.False(File.Exists(Path.Combine(_corpus.SeedsDir, "zebras.md")));
        var buttons = Buttons(preview);
        Assert.Equal(["Add", "Cancel"], buttons.Select(b => b.Label));

        var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick(buttons[0].CustomId).WithPermissions(FakePayloads.ManageGuildPermissions));

        Assert.Equal(6, (await bot.RequestForAsync(click, RunningBot.CallbackRoute)).Body!.Value.GetProperty("type").GetInt32());
        var done = RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(click, RunningBot.EditOriginalRoute)));
        Assert.Contains("added seeds/zebras.md (1 passage)", done, StringComparison.Ordinal);
        Assert.Contains("Reindexed: 2 documents", done, StringComparison.Ordinal);
        Assert.Equal(ZebraNotes, File.ReadAllText(Path.Combine(_corpus.SeedsDir, "zebras.md")));
        var answer = RunningBot.Plain(await AskAsync(bot, ZebraQuestion));
        Assert.Contains("500 kilometres", answer, StringComparison.Ordinal);
        Assert.Contains("Zebra migration", answer, StringComparison.Ordinal);
        Assert.Contains(logs.Messages, m => m.Contains($"Sources changed by user {FakePayloads.UserId} (alice): added seeds/zebras.md", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(FakeDiscord.BotToken, StringComparison.Ordinal));

        var again = await bot.SendInteractionAsync(FakePayloads.SlashCommandWithAttachment("add-source", "file", attachment).WithPermissions(FakePayloads.ManageGuildPermissions));
        var replace = await bot.RequestForAsync(again, RunningBot.EditOriginalRoute);
        Assert.Contains("zebras.md` is already this source. Replace it?", RunningBot.Content(replace), StringComparison.Ordinal);
        Assert.Equal(["Replace", "Cancel"], Buttons(replace).Select(b => b.Label));
        DiscordSchemas.AssertAllBodiesValid(bot.Discord.Rest.Requests);
        AssertNoPings(bot);
    }

    [Fact]
    public async Task MemberWithoutManageServerIsRefusedAndNothingIsDownloaded()
    {
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: NoWatch);
        var attachment = bot.Discord.Attach("zebras.md", Encoding.UTF8.GetBytes(ZebraNotes), "text/markdown");
        var before = Directory.EnumerateFiles(_corpus.SeedsDir).Order(StringComparer.Ordinal).ToList();

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommandWithAttachment("add-source", "file", attachment));
        var removal = await bot.SendInteractionAsync(FakePayloads.SlashCommand("remove-source", ("file", RepositoryPaths.SeedFileName)));

        foreach (var sent in new[] { token, removal })
        {
            var reply = await bot.RequestForAsync(sent, RunningBot.CallbackRoute);
            Assert.Equal(4, reply.Body!.Value.GetProperty("type").GetInt32());
            Assert.Equal(64, reply.Body.Value.GetProperty("data").GetProperty("flags").GetInt32());
            Assert.Equal("Only members with the Manage Server permission can change the sources.", RunningBot.Content(reply));
        }

        Assert.Equal(0, bot.Discord.CdnDownloads);
        Assert.Equal(before, Directory.EnumerateFiles(_corpus.SeedsDir).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AdminRemovesASourceOnConfirmationAndAskNoLongerQuotesIt()
    {
        _corpus.AddSeed("zebras.md", ZebraNotes);
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: NoWatch);

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("remove-source", ("file", "zebras.md")).WithPermissions(FakePayloads.ManageGuildPermissions));
        var ask = await bot.RequestForAsync(token, RunningBot.CallbackRoute);
        Assert.Contains("Remove `zebras.md` from the sources?", RunningBot.Content(ask), StringComparison.Ordinal);
        var remove = Buttons(ask)[0];
        Assert.Equal("Remove", remove.Label);

        var click = await bot.SendInteractionAsync(FakePayloads.ButtonClick(remove.CustomId).WithPermissions(FakePayloads.ManageGuildPermissions));

        var done = RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(click, RunningBot.EditOriginalRoute)));
        Assert.Contains("removed seeds/zebras.md", done, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_corpus.SeedsDir, "zebras.md")));
        Assert.DoesNotContain("500 kilometres", RunningBot.Plain(await AskAsync(bot, ZebraQuestion)), StringComparison.Ordinal);

        var replay = await bot.SendInteractionAsync(FakePayloads.ButtonClick(remove.CustomId).WithPermissions(FakePayloads.ManageGuildPermissions));
        Assert.Contains("expired or was already answered", RunningBot.Content(await bot.RequestForAsync(replay, RunningBot.CallbackRoute)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LinkToLoopbackIsRefusedUnlessPrivateNetworksAreAllowed(bool allowed)
    {
        await using var pages = await PageServer.StartAsync();
        var link = pages.Serve("/2024/05/county-ends-detainers", Encoding.UTF8.GetBytes(SourceFiles.NewsPage()), "text/html");
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: [.. NoWatch, "--Sources:AllowPrivateNetworks=" + (allowed ? "true" : "false")]);

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("add-source", ("link", link.AbsoluteUri)).WithPermissions(FakePayloads.ManageGuildPermissions));

        var reply = RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute)));
        if (allowed)
        {
            Assert.Contains("Title: County ends detainer holds", reply, StringComparison.Ordinal);
            Assert.Contains("Author: Jordan Mills", reply, StringComparison.Ordinal);
            Assert.Contains("Date: 2024-05-07", reply, StringComparison.Ordinal);
            Assert.Contains("Passages found: 4", reply, StringComparison.Ordinal);
            Assert.Single(pages.Accepts);
        }
        else
        {
            Assert.Contains("Not added: links to private, loopback or link-local addresses are refused (127.0.0.1 is 127.0.0.1)", reply, StringComparison.Ordinal);
            Assert.Empty(pages.Accepts);
        }
    }

    [Fact]
    public async Task AttachmentOutsideTheCdnIsRefusedUnfetched()
    {
        await using var pages = await PageServer.StartAsync();
        var elsewhere = pages.Serve("/zebras.md", Encoding.UTF8.GetBytes(ZebraNotes), "text/markdown");
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: NoWatch);
        var attachment = bot.Discord.Attach("zebras.md", Encoding.UTF8.GetBytes(ZebraNotes), "text/markdown");
        attachment["url"] = elsewhere.AbsoluteUri.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommandWithAttachment("add-source", "file", attachment).WithPermissions(FakePayloads.ManageGuildPermissions));

        var reply = RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute)));
        Assert.Contains("Not added: attachments are downloaded from 127.0.0.1 only", reply, StringComparison.Ordinal);
        Assert.Empty(pages.Accepts);
    }

    [Fact]
    public async Task AttachmentOverTheSizeLimitIsRefusedUndownloaded()
    {
        await using var bot = await RunningBot.StartAsync(seedsDir: _corpus.SeedsDir, extraArgs: NoWatch);
        var attachment = bot.Discord.Attach("report.pdf", SourceFiles.Pdf(), "application/pdf");
        attachment["size"] = 50L * 1024 * 1024;

        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommandWithAttachment("add-source", "file", attachment).WithPermissions(FakePayloads.ManageGuildPermissions));

        var reply = RunningBot.Plain(RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute)));
        Assert.Contains("Not added: the file is 52,428,800 bytes, over the 16,777,216-byte limit", reply, StringComparison.Ordinal);
        Assert.Equal(0, bot.Discord.CdnDownloads);
    }

    public void Dispose() => _corpus.Dispose();

    private static async Task<string> AskAsync(RunningBot bot, string question)
    {
        var token = await bot.SendInteractionAsync(FakePayloads.SlashCommand("ask", ("question", question)));
        return RunningBot.Content(await bot.RequestForAsync(token, RunningBot.EditOriginalRoute));
    }

    private static List<(string Label, string CustomId)> Buttons(RecordedRequest request) =>
        [.. RunningBot.Data(request).GetProperty("components").EnumerateArray()
            .SelectMany(row => row.GetProperty("components").EnumerateArray())
            .Select(b => (b.GetProperty("label").GetString() ?? string.Empty, b.GetProperty("custom_id").GetString() ?? string.Empty))];

    private static void AssertNoPings(RunningBot bot)
    {
        foreach (var request in bot.Discord.Rest.Requests.Where(r => r.Body is { ValueKind: JsonValueKind.Object }))
        {
            var data = RunningBot.Data(request);
            if (data.TryGetProperty("content", out _))
            {
                Assert.Equal(JsonValueKind.Array, data.GetProperty("allowed_mentions").GetProperty("parse").ValueKind);
                Assert.Equal(0, data.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
            }
        }
    }
}
