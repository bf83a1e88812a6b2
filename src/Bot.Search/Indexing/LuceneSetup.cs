using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Bot.Search.Indexing;

/// <summary>
/// The one place that decides how text becomes terms and how terms are scored, so that the index writer and the
/// searcher cannot disagree.
/// </summary>
internal static class LuceneSetup
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>
    /// BM25 k1: how quickly repeated terms saturate. 0.9 (Anserini's default, Trotman et al. 2012) rather than
    /// Lucene's 1.2, because passages are short paragraphs where a second occurrence says little more.
    /// </summary>
    public const float K1 = 0.9f;

    /// <summary>
    /// BM25 b: how much passage length normalises. 0.2 rather than Lucene's 0.75 or Anserini's 0.4: passages are
    /// paragraphs of one article, of similar length, where a longer paragraph says more rather than rambles, and
    /// Lucene 4.8's one-byte norm blurs lengths anyway. On the sample questions and a set of paraphrases, b of 0.4
    /// and above let one-sentence paragraphs that merely mention the terms outrank the paragraph that explains
    /// them; some normalisation is kept for corpora whose paragraphs vary more.
    /// </summary>
    public const float B = 0.2f;

    /// <summary>
    /// BM25 b for long queries (more than <see cref="PassageSimilarity.CoordinationMaxTerms"/> terms: a claim, a
    /// pasted argument), Anserini's 0.4: such queries are run against whole documents of very different lengths
    /// (abstracts, debate arguments), where b 0.2 lets long documents win on sheer vocabulary (ArguAna nDCG@10 0.372
    /// at 0.2 against 0.411 at 0.4, docs/quality.md). Norms are stored independent of b, so one index serves both.
    /// </summary>
    public const float LongQueryB = 0.4f;

    /// <summary>The analyzer for the text and title fields, on both the index and the query side.</summary>
    public static Analyzer CreateAnalyzer() => new PassageAnalyzer();

    /// <summary>The similarity for the writer and the searcher.</summary>
    public static Similarity CreateSimilarity() => new PassageSimilarity(B);

    /// <summary>The similarity a searcher uses for long queries (<see cref="LongQueryB"/>).</summary>
    public static Similarity CreateLongQuerySimilarity() => new PassageSimilarity(LongQueryB);

    /// <summary>
    /// The similarity of the re-ranked path's BM25 candidates for short questions: <see cref="B"/> without the
    /// coordination factor. There the cosine with the question already rewards a passage about the whole question,
    /// and coordination only squeezes the lexical scores of partial matches into a few steps before min-max
    /// normalisation (SciFact nDCG@10 0.7355 → 0.7419 re-ranked, docs/quality.md).
    /// </summary>
    public static Similarity CreateUncoordinatedSimilarity() => new PassageSimilarity(B, coordinate: false);
}

/// <summary>
/// StandardTokenizer, possessive, lower case, English stop words, Porter stemming (EnglishAnalyzer's chain), after a
/// char filter that joins <c>287(g)</c> into <c>287g</c> so both spellings are one term; offsets still map back to
/// the original text.
/// </summary>
internal sealed partial class PassageAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(LuceneSetup.Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(LuceneSetup.Version, tokenizer);
        stream = new LowerCaseFilter(LuceneSetup.Version, stream);
        stream = new StopFilter(LuceneSetup.Version, stream, EnglishAnalyzer.DefaultStopSet);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }

    protected override TextReader InitReader(string fieldName, TextReader reader) =>
        reader is AnalysisText { HasParenthesis: false }
            ? reader
            : new PatternReplaceCharFilter(ParenthesisedLetterRegex(), "$1$2", reader);

    [GeneratedRegex(@"\b(\d+)\(([A-Za-z])\)")]
    private static partial Regex ParenthesisedLetterRegex();
}

/// <summary>
/// BM25 with a coordination factor for short questions: a Boolean query whose coordination is enabled (only the
/// question's term groups are) scales a passage's score by the share of the groups it matches, so a passage that
/// matches more of a typed question outranks one that matches a single rare word many times. A long query (a claim,
/// a pasted argument: more than <see cref="CoordinationMaxTerms"/> terms) is scored by plain BM25, because there
/// most passages miss many of its words and the share matched mostly measures the query's filler (measured on
/// SciFact and ArguAna, docs/quality.md: nDCG@10 0.652 → 0.675 and 0.350 → 0.380 without it).
/// </summary>
internal sealed class PassageSimilarity : BM25Similarity
{
    /// <summary>Questions with at most this many content terms are coordinated.</summary>
    public const int CoordinationMaxTerms = 6;

    private readonly bool _coordinate;

    public PassageSimilarity(float b, bool coordinate = true)
        : base(LuceneSetup.K1, b)
    {
        _coordinate = coordinate;
    }

    public override float Coord(int overlap, int maxOverlap) =>
        !_coordinate || maxOverlap <= 0 || maxOverlap > CoordinationMaxTerms ? 1f : (float)overlap / maxOverlap;
}
