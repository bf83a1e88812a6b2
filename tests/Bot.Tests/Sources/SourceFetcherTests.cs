using System.Net;
using System.Text;
using Bot.Sources;
using Bot.Tests.Fakes;

namespace Bot.Tests.Sources;

public sealed class SourceFetcherTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.5", true)]
    [InlineData("192.168.1.10", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("93.184.215.14", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2606:4700::1111", false)]
    public void PrivateLoopbackAndLinkLocalAddressesAreTold(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, NetworkPolicy.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("ftp://example.org/report.pdf", "only http and https links are fetched")]
    [InlineData("file:///etc/passwd", "only http and https links are fetched")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "links to private, loopback or link-local addresses are refused (169.254.169.254 is 169.254.169.254)")]
    [InlineData("http://[::1]:8080/", "links to private, loopback or link-local addresses are refused")]
    public async Task LinksOutsideThePublicWebAreRefusedBeforeAnyRequest(string link, string reason)
    {
        using var fetcher = new SourceFetcher(new SourcesOptions());

        var refused = await Assert.ThrowsAsync<SourceRefusedException>(() => fetcher.FetchAsync(new Uri(link)));

        Assert.StartsWith(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectsAreFollowedToTheirEndAndBounded()
    {
        await using var server = await PageServer.StartAsync();
        var page = server.Serve("/final", Encoding.UTF8.GetBytes("Zebras migrate about 500 kilometres."), "text/plain");
        server.Redirect("/one", "/two");
        server.Redirect("/two", "/final");
        var loop = server.Redirect("/loop", "/loop");
        using var fetcher = new SourceFetcher(new SourcesOptions { AllowPrivateNetworks = true, MaxRedirects = 3 });

        var fetched = await fetcher.FetchAsync(new Uri(server.BaseUri, "one"));
        var refused = await Assert.ThrowsAsync<SourceRefusedException>(() => fetcher.FetchAsync(loop));

        Assert.Equal(page, fetched.Url);
        Assert.Equal("Zebras migrate about 500 kilometres.", Encoding.UTF8.GetString(fetched.Bytes));
        Assert.Equal($"{loop} redirects more than 3 times", refused.Message);
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRefused()
    {
        await using var server = await PageServer.StartAsync();
        var big = server.Serve("/big", new byte[70_000], "application/pdf");
        using var fetcher = new SourceFetcher(new SourcesOptions { AllowPrivateNetworks = true, MaxDownloadBytes = 65_536 });

        var refused = await Assert.ThrowsAsync<SourceRefusedException>(() => fetcher.FetchAsync(big));

        Assert.Equal("the document is 70,000 bytes, over the 65,536-byte limit", refused.Message);
    }
}
