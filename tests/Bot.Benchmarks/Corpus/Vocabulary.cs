using System.Reflection;

namespace Bot.Benchmarks.Corpus;

/// <summary>
/// The corpus's words by rank. Ranks below <see cref="CommonCount"/> are real English words from the embedded list
/// (function words excluded: they come from <see cref="NewsLexicon.FunctionPhrases"/>); the ranks above are
/// pronounceable made-up words standing in for the long tail of a real corpus (names, jargon, misspellings), so
/// that a 1M-passage corpus has a vocabulary of a realistic size instead of a few thousand dense postings lists.
/// </summary>
internal sealed class Vocabulary
{
    public const int TailCount = 200_000;

    /// <summary>Share of content words drawn from the long tail (about what lies outside the 3,000 commonest words in news text).</summary>
    public const double TailShare = 0.08;

    private const int FixedHead = 400;

    private static readonly string[] Onsets =
    [
        "b", "br", "c", "ch", "cr", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pr", "qu",
        "r", "s", "sh", "sl", "st", "t", "tr", "v", "w", "z",
    ];

    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"];
    private static readonly string[] Codas = ["", "", "n", "r", "l", "s", "t", "m", "nd", "rk", "st", "x", "ng"];

    private readonly string[] _words;
    private readonly AliasSampler _common;
    private readonly AliasSampler _tail;
    private readonly AliasSampler _function;

    private Vocabulary(string[] words, int commonCount)
    {
        _words = words;
        CommonCount = commonCount;
        _common = AliasSampler.Zipf(commonCount, 1.0);
        _tail = AliasSampler.Zipf(words.Length - commonCount, 1.0, offset: commonCount);
        _function = AliasSampler.Zipf(NewsLexicon.FunctionPhrases.Length, 1.0);
    }

    public int CommonCount { get; }

    public int Count => _words.Length;

    public static Vocabulary Load()
    {
        var functionWords = new HashSet<string>(
            NewsLexicon.FunctionPhrases.SelectMany(p => p.Split(' ')), StringComparer.Ordinal);
        var common = ReadEmbeddedList().Where(w => !functionWords.Contains(w)).ToList();

        // The list is hand-ordered only at its head; past it, a fixed shuffle spreads ranks so that alphabetical
        // order does not decide frequency. The shuffle does not depend on the corpus seed: ranks are stable.
        var shuffle = new SeedRandom(0x5EED_CAFE);
        for (var i = common.Count - 1; i > FixedHead; i--)
        {
            var j = FixedHead + shuffle.Next(i - FixedHead + 1);
            (common[i], common[j]) = (common[j], common[i]);
        }

        var seen = new HashSet<string>(common, StringComparer.Ordinal);
        seen.UnionWith(functionWords);
        var words = new List<string>(common.Count + TailCount);
        words.AddRange(common);
        var syllables = new SeedRandom(0x7A11_5EED);
        while (words.Count < common.Count + TailCount)
        {
            var word = MakeUpWord(syllables);
            if (seen.Add(word))
            {
                words.Add(word);
            }
        }

        return new Vocabulary([.. words], common.Count);
    }

    public string this[int rank] => _words[rank];

    /// <summary>Draws a content word's rank: common words with a Zipf law, else the long tail.</summary>
    public int SampleContent(SeedRandom random) =>
        random.Chance(TailShare) ? CommonCount + _tail.Sample(random) : _common.Sample(random);

    /// <summary>Draws a common word's rank at or beyond <paramref name="minRank"/> (for titles).</summary>
    public int SampleCommon(SeedRandom random, int minRank)
    {
        int rank;
        do
        {
            rank = _common.Sample(random);
        }
        while (rank < minRank);
        return rank;
    }

    public string SampleFunction(SeedRandom random) => NewsLexicon.FunctionPhrases[_function.Sample(random)];

    private static string MakeUpWord(SeedRandom random)
    {
        var syllables = random.Next(2, 3);
        var chars = new System.Text.StringBuilder(12);
        for (var i = 0; i < syllables; i++)
        {
            chars.Append(random.Pick(Onsets)).Append(random.Pick(Vowels));
        }

        return chars.Append(random.Pick(Codas)).ToString();
    }

    private static List<string> ReadEmbeddedList()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Bot.Benchmarks.Corpus.words.txt")
            ?? throw new InvalidOperationException("The embedded word list is missing.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(4096);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                words.Add(line);
            }
        }

        return words;
    }
}
