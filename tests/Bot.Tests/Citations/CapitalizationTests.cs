using Bot.Search.Answers;
using Bot.Search.Citations;

namespace Bot.Tests.Citations;

public sealed class CapitalizationTests
{
    [Theory]
    [InlineData("Law enforcement, ACLU urge Biden to end ICE partnership programs", "Law Enforcement, ACLU Urge Biden to End ICE Partnership Programs")]
    [InlineData("the cost of detainers: a county view", "The Cost of Detainers: A County View")]
    [InlineData("what the 287(g) program is for", "What the 287(g) Program Is For")]
    [InlineData("long-term use of solitary confinement", "Long-Term Use of Solitary Confinement")]
    [InlineData("slow but sure, yet late", "Slow but Sure, yet Late")]
    [InlineData("sheriffs vs. the federal government", "Sheriffs vs. the Federal Government")]
    public void MlaTitleCase(string title, string expected)
    {
        Assert.Equal(expected, Capitalization.Headline(title, CitationStyle.Mla));
    }

    [Fact]
    public void ChicagoCapitalizesYetAndSoWhichMlaLowercases()
    {
        Assert.Equal("Slow but Sure, Yet Late", Capitalization.Headline("slow but sure, yet late", CitationStyle.Chicago));
    }

    [Theory]
    [InlineData("Can We Get Better at Forgetting?", "Can we get better at forgetting?")]
    [InlineData("The Cost of Detainers: A County View", "The cost of detainers: A county view")]
    [InlineData("Why the ACLU Opposes 287(g) Agreements", "Why the ACLU opposes 287(g) agreements")]
    // Already in sentence case: the capitals are names and stay.
    [InlineData("Law enforcement, ACLU urge Biden to end ICE partnership programs", "Law enforcement, ACLU urge Biden to end ICE partnership programs")]
    public void ApaSentenceCase(string title, string expected)
    {
        Assert.Equal(expected, Capitalization.Sentence(title));
    }

    [Theory]
    [InlineData("Diane Goldstein", "Diane", "Goldstein", "D.")]
    [InlineData("Goldstein, Diane", "Diane", "Goldstein", "D.")]
    [InlineData("Vincent Willem van Gogh", "Vincent Willem", "van Gogh", "V. W.")]
    [InlineData("Jean-Paul Sartre", "Jean-Paul", "Sartre", "J.-P.")]
    [InlineData("Plato", "", "Plato", "")]
    public void NamesSplitIntoGivenAndFamily(string name, string given, string family, string initials)
    {
        var parsed = PersonName.Parse(name);

        Assert.Equal((given, family, initials), (parsed.Given, parsed.Family, parsed.Initials));
    }

    [Fact]
    public void AnsweringSentenceHoldsTheMostDistinctMatchedWords()
    {
        const string Text = "ICE ICE ICE everywhere. Detainers let ICE hold people 48 hours. Nothing else.";
        TextSpan[] highlights = [new(0, 3), new(4, 3), new(8, 3), new(24, 9), new(38, 3), new(54, 2)];

        var sentence = AnsweringSentence.Find(Text, highlights);

        Assert.Equal("Detainers let ICE hold people 48 hours.", sentence is { } s ? Text.Substring(s.Start, s.Length) : null);
    }

    [Fact]
    public void AnsweringSentenceIsTheFirstOnATieAndNoneWithoutMatches()
    {
        const string Text = "One ICE. Two ICE.";

        Assert.Equal(new TextSpan(0, 8), AnsweringSentence.Find(Text, [new(4, 3), new(13, 3)]));
        Assert.Null(AnsweringSentence.Find(Text, []));
    }
}
