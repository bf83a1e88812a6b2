using Bot.Search.Indexing;

namespace Bot.Tests.Search;

public sealed class QuestionFormTests
{
    [Theory]
    [InlineData("What is the 287(g) program?", QuestionForm.Question)]
    [InlineData("how long do detainers last", QuestionForm.Question)]
    [InlineData("deputies lawsuits why", QuestionForm.Question)]
    [InlineData("explain ICE detainers", QuestionForm.Question)]
    [InlineData("Is this legal", QuestionForm.Question)]
    [InlineData("Detainers hold people 48 extra hours without a warrant?", QuestionForm.Question)]
    [InlineData("Detainers are issued without a judge signing off.", QuestionForm.Claim)]
    [InlineData("Local police shouldn't be doing federal immigration enforcement", QuestionForm.Claim)]
    [InlineData("Biden promised to end 287(g).", QuestionForm.Claim)]
    [InlineData("Mayorkas testimony", QuestionForm.Keywords)]
    [InlineData("sexual assault jails", QuestionForm.Keywords)]
    [InlineData("LEAP executive director", QuestionForm.Keywords)]
    public void TextIsReadAsAQuestionAClaimOrSearchWordsByItsShape(string text, QuestionForm expected)
    {
        Assert.Equal(expected, QuestionForms.Of(text));
    }
}
