using Bot.Evaluation;

namespace Bot.Tests.Evaluation;

public sealed class BeirProtocolTests
{
    [Theory]
    [InlineData("beir-arguana", true)]
    [InlineData("ArguAna", true)]
    [InlineData("beir-scifact", false)]
    [InlineData("cranfield", false)]
    public void OnlyArguAnaAndQuoraDropQueryIdHits(string collection, bool drops)
    {
        Assert.Equal(drops, BeirProtocol.DropsQueryIdHits(collection));
    }

    [Fact]
    public void PublishedFiguresAreKnownForArguAnaAndSciFactOnly()
    {
        Assert.Contains(BeirProtocol.PublishedBm25("beir-arguana"), b => b.NdcgAt10 == 0.3970 && b.RecallAt100 == 0.9324);
        Assert.Contains(BeirProtocol.PublishedBm25("beir-scifact"), b => b.NdcgAt10 == 0.6789);
        Assert.Empty(BeirProtocol.PublishedBm25("cacm"));
    }
}
