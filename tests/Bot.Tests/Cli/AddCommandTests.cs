using System.Text;
using System.Text.Json;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Cli;

public sealed class AddCommandTests : IDisposable
{
    private readonly TempCorpus _corpus = new(withSeedArticle: false);
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), "bot-inbox-" + Guid.NewGuid().ToString("N"));

    public AddCommandTests() => Directory.CreateDirectory(_inbox);

    [Fact]
    public async Task AddedPdfDocxAndLinkAreQuotedByAskWithTheirLocators()
    {
        await using var server = await PageServer.StartAsync();
        var page = server.Serve("/2024/05/county-ends-detainers", Encoding.UTF8.GetBytes(SourceFiles.NewsPage("https://news.example.org/2024/05/county-ends-detainers")), "text/html; charset=utf-8");
        var moved = server.Redirect("/old-link", "/2024/05/county-ends-detainers");
        var pdf = Inbox("committee-report.pdf", SourceFiles.Pdf());
        var docx = Inbox("jail-holds.docx", SourceFiles.Docx());

        var (exit, output, error) = await RunAsync("add", pdf, docx, moved.AbsoluteUri, "--allow-private-networks");

        Assert.True(exit == 0, error);
        Assert.Contains("added seeds/committee-report.pdf (2 passages) and seeds/committee-report.pdf.meta: \"Detainers and county jails\"", output, StringComparison.Ordinal);
        Assert.Contains("added seeds/jail-holds.docx (2 passages)", output, StringComparison.Ordinal);
        Assert.Contains("added seeds/county-ends-detainers.html (4 passages)", output, StringComparison.Ordinal);
        Assert.Equal(SourceFiles.Pdf().Length, new FileInfo(Path.Combine(_corpus.SeedsDir, "committee-report.pdf")).Length);
        Assert.Equal(File.ReadAllBytes(docx), File.ReadAllBytes(Path.Combine(_corpus.SeedsDir, "jail-holds.docx")));
        var sidecar = File.ReadAllText(Path.Combine(_corpus.SeedsDir, "county-ends-detainers.html.meta"));
        Assert.Contains("url: https://news.example.org/2024/05/county-ends-detainers\n", sidecar, StringComparison.Ordinal);
        Assert.Contains("publisher: Valley Ledger\n", sidecar, StringComparison.Ordinal);
        Assert.Contains("accessed: ", sidecar, StringComparison.Ordinal);
        Assert.Equal(2, server.Accepts.Count);
        Assert.All(server.Accepts, accept => Assert.Equal(
            ["text/html", "application/xhtml+xml", "application/xml; q=0.9", "application/pdf"],
            accept.Split(',', StringSplitOptions.TrimEntries).Take(4)));

        var second = await AskAsync("Does the report recommend a judicial warrant before a county jail holds anyone past release?");
        Assert.Equal("committee-report.pdf#p2.1", second.GetProperty("id").GetString());
        Assert.Equal(2, second.GetProperty("source").GetProperty("page").GetInt32());
        Assert.Equal(1, second.GetProperty("source").GetProperty("paragraph").GetInt32());
        Assert.Equal(SourceFiles.PdfSecond, second.GetProperty("text").GetString());

        var costs = await AskAsync("How much overtime do jail holds cost the county each year?");
        Assert.Equal("jail-holds.docx#2", costs.GetProperty("id").GetString());
        Assert.Equal("Jail holds in practice", costs.GetProperty("source").GetProperty("title").GetString());

        var sheriff = await AskAsync("Were the sheriff's deputies named in lawsuits over holds past a prisoner's release date?");
        Assert.Equal("county-ends-detainers.html#2", sheriff.GetProperty("id").GetString());
        Assert.Equal("County ends detainer holds", sheriff.GetProperty("source").GetProperty("title").GetString());
        Assert.Equal("https://news.example.org/2024/05/county-ends-detainers", sheriff.GetProperty("source").GetProperty("url").GetString());

        var (_, text, _) = await RunAsync("ask", "Does the report recommend a judicial warrant before a county jail holds anyone past release?");
        Assert.Contains("page 2, paragraph 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminValuesWinInTheSidecarAndTheSameFileAgainNeedsReplace()
    {
        var pdf = Inbox("report.pdf", SourceFiles.Pdf());

        var (exit, _, error) = await RunAsync("add", pdf, "--title", "Sheriffs and detainers", "--date", "2024-04");
        Assert.True(exit == 0, error);
        var sidecar = File.ReadAllText(Path.Combine(_corpus.SeedsDir, "report.pdf.meta"));
        Assert.Contains("title: Sheriffs and detainers\n", sidecar, StringComparison.Ordinal);
        Assert.Contains("author: Morgan Lee\n", sidecar, StringComparison.Ordinal);
        Assert.Contains("date: 2024-04\n", sidecar, StringComparison.Ordinal);

        var again = await RunAsync("add", pdf);
        Assert.Equal(1, again.Exit);
        Assert.Contains("report.pdf is already this source; replace it to update it", again.Error, StringComparison.Ordinal);

        var replaced = await RunAsync("add", pdf, "--replace");
        Assert.True(replaced.Exit == 0, replaced.Error);
        Assert.Contains("replaced seeds/report.pdf", replaced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedFilesChangeNothingInSeedsOrTheIndex()
    {
        var (built, _, buildError) = await RunAsync("add", Inbox("holds.docx", SourceFiles.Docx()));
        Assert.True(built == 0, buildError);
        var before = Snapshot();
        var truncated = SourceFiles.Pdf();

        var (exit, output, error) = await RunAsync(
            "add",
            Inbox("cut.pdf", truncated[..(truncated.Length / 2)]),
            Inbox("scan.pdf", SourceFiles.ImageOnlyPdf()),
            Inbox("photo.pdf", SourceFiles.Png()),
            Inbox("report.pdf", SourceFiles.Pdf()),
            "--date",
            "March 2024");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("date 'March 2024' is not a date written YYYY-MM-DD or YYYY-MM", error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());

        var (again, _, refusals) = await RunAsync("add", Inbox("cut.pdf", truncated[..(truncated.Length / 2)]), Inbox("scan.pdf", SourceFiles.ImageOnlyPdf()), Inbox("photo.pdf", SourceFiles.Png()));
        Assert.Equal(1, again);
        Assert.Contains("cut.pdf is refused: not a readable PDF", refusals, StringComparison.Ordinal);
        Assert.Contains("scan.pdf is refused: a PDF of 1 page without a text layer", refusals, StringComparison.Ordinal);
        Assert.Contains("not a document the bot reads: a PNG image", refusals, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task LinkToLoopbackIsRefusedUnlessPrivateNetworksAreAllowed()
    {
        await using var server = await PageServer.StartAsync();
        var page = server.Serve("/article", Encoding.UTF8.GetBytes(SourceFiles.NewsPage()), "text/html");

        var (exit, _, error) = await RunAsync("add", page.AbsoluteUri);

        Assert.Equal(1, exit);
        Assert.Contains("links to private, loopback or link-local addresses are refused (127.0.0.1 is 127.0.0.1)", error, StringComparison.Ordinal);
        Assert.Empty(server.Accepts);
        Assert.Empty(Directory.EnumerateFiles(_corpus.SeedsDir));
    }

    [Fact]
    public async Task RemoveTakesTheDocumentAndItsSidecarOutAndAskNoLongerQuotesIt()
    {
        var (added, _, addError) = await RunAsync("add", Inbox("holds.docx", SourceFiles.Docx()), Inbox("report.pdf", SourceFiles.Pdf()));
        Assert.True(added == 0, addError);

        var (exit, output, error) = await RunAsync("remove", "holds.docx");

        Assert.True(exit == 0, error);
        Assert.Equal("removed seeds/holds.docx\nremoved seeds/holds.docx.meta\n", output.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(["report.pdf", "report.pdf.meta"], Directory.EnumerateFiles(_corpus.SeedsDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var (_, json, _) = await RunAsync("ask", "--json", "How much overtime do jail holds cost the county each year?");
        Assert.DoesNotContain("holds.docx", json, StringComparison.Ordinal);

        var missing = await RunAsync("remove", "holds.docx");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("holds.docx is not a source", missing.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _corpus.Dispose();
        Directory.Delete(_inbox, recursive: true);
    }

    private string Inbox(string name, byte[] bytes)
    {
        var path = Path.Combine(_inbox, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<JsonElement> AskAsync(string question)
    {
        var (exit, output, error) = await RunAsync("ask", "--json", question);
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("passages")[0].Clone();
    }

    private string Snapshot() => string.Join('\n', Directory.EnumerateFileSystemEntries(_corpus.Root, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(p => p + (File.Exists(p) ? ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))) : string.Empty)));

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        AskCommandTests.BotCommandLineRunAsync(string.Empty, [.. args, "--seeds", _corpus.SeedsDir, "--index", _corpus.IndexDir, "--no-semantic"]);
}
