using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Search.Answers;

namespace Bot.Cli;

/// <summary>
/// Scores answers to a question file the way the project's scorer (<c>qa_eval.py</c>) does: a hit is a passage that
/// holds an expected snippet (case, quote style, markdown marks and white space folded), whether the bot answered or
/// offered it as related; a near-topic question is right when it is not claimed as answered; any other question
/// without snippets is right when it is declined with no passage.
/// </summary>
internal sealed partial class QuestionTally
{
    private readonly SortedDictionary<string, (int Right, int Total)> _perKind = new(StringComparer.Ordinal);
    private int _answerable, _first, _top3, _confident, _offTopic, _declined, _near, _notClaimed;

    /// <summary>Folds <paramref name="text"/> as the scorer does before comparing.</summary>
    public static string Fold(string text)
    {
        var s = text.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"');
        s = MarkRegex().Replace(s, string.Empty);
        return SpaceRegex().Replace(s, " ").Trim().ToLowerInvariant();
    }

    /// <summary>Counts one answer; <paramref name="rank"/> is the 1-based rank of the first expected passage, 0 when none. Returns a one-word verdict.</summary>
    public string Add(string kind, bool answerable, Answer answer, int rank)
    {
        bool right;
        string verdict;
        if (answerable)
        {
            _answerable++;
            right = rank == 1;
            _first += right ? 1 : 0;
            _top3 += rank is >= 1 and <= 3 ? 1 : 0;
            _confident += right && answer.Answered ? 1 : 0;
            verdict = rank > 0 ? string.Create(CultureInfo.InvariantCulture, $"rank {rank} ({Name(answer.Outcome)})") : $"MISSED ({Name(answer.Outcome)})";
        }
        else if (kind == "near")
        {
            _near++;
            right = !answer.Answered;
            _notClaimed += right ? 1 : 0;
            verdict = right ? Name(answer.Outcome) : "CLAIMED (answered)";
        }
        else
        {
            _offTopic++;
            right = answer.Outcome == AnswerOutcome.Declined && answer.Quotes.Count == 0;
            _declined += right ? 1 : 0;
            verdict = right ? "declined" : $"NOT DECLINED ({Name(answer.Outcome)})";
        }

        var (r, t) = _perKind.GetValueOrDefault(kind);
        _perKind[kind] = (r + (right ? 1 : 0), t + 1);
        return verdict;
    }

    /// <summary>A line per kind, then the totals, labelled with <paramref name="path"/>.</summary>
    public IEnumerable<string> Report(string path)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var (kind, (right, total)) in _perKind)
        {
            yield return string.Create(c, $"  {kind}: {right}/{total} right");
        }

        var line = string.Create(c, $"{path}: hit@1 {_first}/{_answerable} = {Share(_first, _answerable):0.00}; hit@3 {_top3}/{_answerable} = {Share(_top3, _answerable):0.00}; confident {_confident}/{_answerable} = {Share(_confident, _answerable):0.00}; off-topic declined {_declined}/{_offTopic} = {Share(_declined, _offTopic):0.00}");
        yield return _near > 0 ? line + string.Create(c, $"; near-topic not claimed {_notClaimed}/{_near} = {Share(_notClaimed, _near):0.00}") : line;
    }

    /// <summary>The totals as shares: hit@1, hit@3, confident, off-topic declined, near-topic not claimed.</summary>
    public (double HitAt1, double HitAt3, double Confident, double OffTopicDeclined, double NearNotClaimed) Figures() =>
        (Share(_first, _answerable), Share(_top3, _answerable), Share(_confident, _answerable), Share(_declined, _offTopic), Share(_notClaimed, _near));

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Name(AnswerOutcome outcome) => outcome switch
    {
        AnswerOutcome.Answered => "answered",
        AnswerOutcome.Related => "related",
        _ => "declined",
    };

    [GeneratedRegex(@"[*_`>|~]")]
    private static partial Regex MarkRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpaceRegex();
}
