using Bot.Search.Answers;
using Bot.Search.Indexing;

namespace Bot.Tests.Search;

public sealed class AnswerabilityTests
{
    // What a trivia question meets in a corpus of hundreds of topics: a passage at cosine 0.66 that holds some of its
    // words (an argument about college playoffs for "Which team won the basketball championship?").
    private static readonly AnswerSignals PassingMention = new(TermShare: 0.58, Cosine: 0.66, CosineGap: 0.047, Lead: 0.05) { Support = -0.006 };

    [Fact]
    public void APassageNoNearerToTheQuestionThanToEverydayQuestionsBearsOnNothing() =>
        Assert.Equal(AnswerOutcome.Declined, Answerability.Decide(QuestionForm.Question, PassingMention with { CohortMargin = 0.0 }));

    [Fact]
    public void TheSamePassageFarNearerToTheQuestionThanToAnyEverydayQuestionBearsOnIt()
    {
        var signals = PassingMention with { CohortMargin = 0.15 };

        Assert.Equal(AnswerOutcome.Related, Answerability.Decide(QuestionForm.Question, signals));
        Assert.Equal(AnswerOutcome.Answered, Answerability.Decide(QuestionForm.Claim, signals));
    }

    [Fact]
    public void WithoutVectorsTheTermShareDecidesAlone()
    {
        var words = new AnswerSignals(TermShare: 0.5, Cosine: null, CosineGap: null, Lead: 1);

        Assert.Equal(AnswerOutcome.Answered, Answerability.Decide(QuestionForm.Question, words));
        Assert.Equal(AnswerOutcome.Related, Answerability.Decide(QuestionForm.Question, words with { TermShare = 0.35 }));
        Assert.Equal(AnswerOutcome.Declined, Answerability.Decide(QuestionForm.Question, words with { TermShare = 0.1 }));
    }
}
