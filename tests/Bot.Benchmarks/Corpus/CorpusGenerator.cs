using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bot.Benchmarks.Corpus;

/// <summary>
/// Writes a deterministic synthetic news corpus: documents as <c>.md</c> files with front matter (title, publisher,
/// url, date, tags) whose body paragraphs are the passages (1-4 sentences, 20-120 words, Zipf-distributed words,
/// named entities, quotes in typographic marks), and questions drawn from the passages' own rarer words.
/// Streams: one document in memory at a time, so any size from 1k to 1M passages is built the same way.
/// </summary>
internal sealed class CorpusGenerator
{
    /// <summary>Bump when the output for a given seed changes, so that stale corpora are regenerated.</summary>
    public const int GeneratorVersion = 1;

    public const int MinWords = 20;
    public const int MaxWords = 120;

    private static readonly double[] SentenceCountWeights = [0.2, 0.4, 0.28, 0.12];
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Vocabulary _vocabulary;
    private readonly SeedRandom _random;
    private readonly ulong _seed;
    private readonly StringBuilder _document = new(8192);
    private readonly StringBuilder _paragraph = new(1024);
    private readonly List<int> _paragraphRanks = new(128);
    private readonly string[] _cast = new string[3];
    private readonly string[] _organizations = new string[2];
    private int _paragraphTokens;
    private string? _speaker;

    public CorpusGenerator(Vocabulary vocabulary, ulong seed)
    {
        _vocabulary = vocabulary;
        _seed = seed;
        _random = new SeedRandom(seed);
    }

    /// <summary>
    /// Writes exactly <paramref name="passages"/> passages into <paramref name="seedsDirectory"/> (created, must be
    /// empty of <c>.md</c> files) and <paramref name="questions"/> questions into <paramref name="questionsPath"/>.
    /// </summary>
    public CorpusManifest Generate(string seedsDirectory, string questionsPath, int passages, int questions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passages, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(questions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(questions, passages);
        Directory.CreateDirectory(seedsDirectory);

        var jsonOptions = new JsonSerializerOptions(CorpusJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        var json = new CorpusJsonContext(jsonOptions);
        using var questionWriter = new StreamWriter(questionsPath, append: false, Utf8) { NewLine = "\n" };

        // File creation dominates on a slow disk: one writer thread overlaps it with generation.
        using var pending = new BlockingCollection<(string Path, string Text)>(boundedCapacity: 512);
        ExceptionDispatchInfo? writeFailure = null;
        var fileWriter = new Thread(() =>
        {
            try
            {
                foreach (var (path, text) in pending.GetConsumingEnumerable())
                {
                    File.WriteAllText(path, text, Utf8);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Report at the next document; keep draining so that the generating thread never blocks on a full queue.
                writeFailure = ExceptionDispatchInfo.Capture(e);
                foreach (var unused in pending.GetConsumingEnumerable())
                {
                }
            }
        })
        { Name = "corpus file writer", IsBackground = true };
        fileWriter.Start();

        var picker = new QuestionPicker(passages, questions, new SeedRandom(_seed ^ 0x0051_7E57));
        var written = 0;
        var documents = 0;
        long words = 0;
        long bytes = 0;
        var questionId = 0;
        while (written < passages)
        {
            var paragraphs = Math.Min(passages - written, _random.Next(3, 14));
            var meta = StartDocument(documents);
            for (var p = 1; p <= paragraphs; p++)
            {
                WriteParagraph();
                words += _paragraphTokens;
                _document.Append('\n').Append(_paragraph).Append('\n');
                if (picker.IsPicked(written))
                {
                    var question = MakeQuestion(++questionId, $"{meta.FileName}#{p}");
                    questionWriter.WriteLine(JsonSerializer.Serialize(question, json.CorpusQuestion));
                }

                written++;
            }

            var text = _document.ToString();
            bytes += Utf8.GetByteCount(text);
            writeFailure?.Throw();
            pending.Add((Path.Combine(seedsDirectory, meta.FileName), text));
            documents++;
        }

        pending.CompleteAdding();
        fileWriter.Join();
        writeFailure?.Throw();

        return new CorpusManifest(GeneratorVersion, _seed, passages, questionId, documents, words, bytes);
    }

    private (string FileName, string Title) StartDocument(int index)
    {
        for (var i = 0; i < _cast.Length; i++)
        {
            _cast[i] = $"{_random.Pick(NewsLexicon.FirstNames)} {_random.Pick(NewsLexicon.LastNames)}";
        }

        for (var i = 0; i < _organizations.Length; i++)
        {
            _organizations[i] = $"{_random.Pick(NewsLexicon.Places)} {_random.Pick(NewsLexicon.Institutions)}";
        }

        var titleWords = new List<string> { _random.Chance(0.5) ? _random.Pick(NewsLexicon.Places) : _cast[0].Split(' ')[1] };
        var titleLength = _random.Next(3, 6);
        while (titleWords.Count < titleLength + 1)
        {
            titleWords.Add(Capitalize(_vocabulary[_vocabulary.SampleCommon(_random, 40)]));
        }

        var title = string.Join(' ', titleWords);
        var slug = Slug(title);
        var (publisher, domain) = _random.Pick(NewsLexicon.Publishers);
        var date = new DateOnly(2015, 1, 1).AddDays(_random.Next(11 * 365));
        var tagCount = _random.Next(1, 3);
        var tags = new List<string>(tagCount);
        while (tags.Count < tagCount)
        {
            var tag = _random.Pick(NewsLexicon.Tags);
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        var fileName = string.Create(CultureInfo.InvariantCulture, $"{index:D7}-{slug}.md");
        _document.Clear()
            .Append("---\n")
            .Append("title: ").Append(YamlQuote(title)).Append('\n')
            .Append("publisher: ").Append(YamlQuote(publisher)).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"url: https://{domain}/{date:yyyy}/{date:MM}/{slug}-{index}\n")
            .Append(CultureInfo.InvariantCulture, $"date: {date:yyyy-MM-dd}\n")
            .Append("tags: [").AppendJoin(", ", tags).Append("]\n")
            .Append("---\n");
        return (fileName, title);
    }

    private void WriteParagraph()
    {
        _paragraph.Clear();
        _paragraphRanks.Clear();
        _paragraphTokens = 0;
        _speaker = null;

        var sentenceCount = PickWeighted(SentenceCountWeights) + 1;
        Span<int> lengths = stackalloc int[sentenceCount];
        var total = 0;
        for (var i = 0; i < sentenceCount; i++)
        {
            lengths[i] = Math.Clamp((int)Math.Round(_random.NextGaussian(24, 10)), 8, 42);
            total += lengths[i];
        }

        // Keep the paragraph within news-like bounds: pad the shortest sentence or trim the longest.
        while (total < MinWords)
        {
            lengths[IndexOfMin(lengths)]++;
            total++;
        }

        while (total > MaxWords)
        {
            lengths[IndexOfMax(lengths)]--;
            total--;
        }

        for (var i = 0; i < sentenceCount; i++)
        {
            if (i > 0)
            {
                _paragraph.Append(' ');
            }

            WriteSentence(lengths[i]);
        }
    }

    private void WriteSentence(int tokens)
    {
        var roll = _random.NextDouble();
        if (roll < 0.18 && tokens >= 8)
        {
            // “Body,” First Last said.
            var speaker = _random.Pick(_cast);
            _paragraph.Append('\u201C');
            WriteWords(tokens - 3);
            _paragraph.Append(",\u201D ").Append(speaker).Append(" said.");
            _paragraphTokens += 3;
            _speaker ??= speaker;
        }
        else if (roll < 0.30 && tokens >= 8)
        {
            var speaker = _random.Pick(_cast);
            var role = _random.Pick(NewsLexicon.Roles);
            var roleTokens = CountTokens(role);
            if (tokens - 4 - roleTokens >= 4)
            {
                // First Last, role, said body.
                _paragraph.Append(speaker).Append(", ").Append(role).Append(", said ");
                _paragraphTokens += 3 + roleTokens;
                WriteWords(tokens - 3 - roleTokens, capitalize: false);
                _paragraph.Append('.');
            }
            else
            {
                WriteWords(tokens - 3);
                _paragraph.Append(", ").Append(speaker).Append(" said.");
                _paragraphTokens += 3;
            }
        }
        else if (roll < 0.38 && tokens >= 10)
        {
            var organization = _random.Pick(_organizations);
            var organizationTokens = CountTokens(organization);
            if (tokens - 3 - organizationTokens >= 4)
            {
                _paragraph.Append("According to the ").Append(organization).Append(", ");
                _paragraphTokens += 3 + organizationTokens;
                WriteWords(tokens - 3 - organizationTokens, capitalize: false);
                _paragraph.Append('.');
            }
            else
            {
                WriteWords(tokens);
                _paragraph.Append('.');
            }
        }
        else
        {
            WriteWords(tokens);
            _paragraph.Append('.');
        }
    }

    /// <summary>Writes exactly <paramref name="tokens"/> space-separated tokens: content-word runs between function words.</summary>
    private void WriteWords(int tokens, bool capitalize = true)
    {
        var start = _paragraph.Length;
        var written = 0;
        var run = _random.Next(1, 3);
        while (written < tokens)
        {
            if (written > 0)
            {
                _paragraph.Append(' ');
            }

            var left = tokens - written;
            if (run == 0 && left > 1)
            {
                var phrase = _vocabulary.SampleFunction(_random);
                var phraseTokens = CountTokens(phrase);
                if (phraseTokens >= left)
                {
                    phrase = "the";
                    phraseTokens = 1;
                }

                _paragraph.Append(phrase);
                written += phraseTokens;
                run = _random.Next(1, 3);
                continue;
            }

            var roll = _random.NextDouble();
            if (roll < 0.03 && left >= 2)
            {
                var place = _random.Pick(NewsLexicon.Places);
                var placeTokens = CountTokens(place);
                if (placeTokens <= left)
                {
                    _paragraph.Append(place);
                    written += placeTokens;
                    run--;
                    continue;
                }
            }

            if (roll < 0.06)
            {
                AppendNumber();
            }
            else
            {
                var rank = _vocabulary.SampleContent(_random);
                _paragraph.Append(_vocabulary[rank]);
                _paragraphRanks.Add(rank);
                if (written + 1 < tokens && _random.Chance(0.05))
                {
                    _paragraph.Append(',');
                }
            }

            written++;
            run = Math.Max(0, run - 1);
        }

        if (capitalize)
        {
            _paragraph[start] = char.ToUpperInvariant(_paragraph[start]);
        }

        _paragraphTokens += tokens;
    }

    private void AppendNumber()
    {
        switch (_random.Next(4))
        {
            case 0:
                _paragraph.Append(CultureInfo.InvariantCulture, $"{_random.Next(2, 99)}%");
                break;
            case 1:
                _paragraph.Append(CultureInfo.InvariantCulture, $"{_random.Next(1990, 2026)}");
                break;
            case 2:
                _paragraph.Append(CultureInfo.InvariantCulture, $"${_random.Next(1, 999)}");
                break;
            default:
                _paragraph.Append(CultureInfo.InvariantCulture, $"{_random.Next(2, 5000):N0}");
                break;
        }
    }

    private CorpusQuestion MakeQuestion(int id, string passageId)
    {
        // Rarer words make a question that a person who read the passage might ask: the rarest one and one or two
        // from the rarer half, so that questions are neither all made-up words nor all common ones.
        var distinct = _paragraphRanks.Distinct().OrderByDescending(r => r).ToList();
        var useSpeaker = _speaker is not null && _random.Chance(0.6);
        var templates = NewsLexicon.QuestionTemplates
            .Where(t => t.Contains("{P}", StringComparison.Ordinal) == useSpeaker)
            .ToList();
        var template = _random.Pick(templates);
        var needed = template.Contains("{2}", StringComparison.Ordinal) ? 3 : 2;
        var keywords = new List<string>(needed);
        if (distinct.Count > 0)
        {
            keywords.Add(_vocabulary[distinct[0]]);
        }

        var pool = distinct.Skip(1).Take(Math.Max(2, distinct.Count / 2)).ToList();
        while (keywords.Count < needed && pool.Count > 0)
        {
            var index = _random.Next(pool.Count);
            keywords.Add(_vocabulary[pool[index]]);
            pool.RemoveAt(index);
        }

        while (keywords.Count < needed)
        {
            keywords.Add(keywords.Count > 0 ? keywords[^1] : "news");
        }

        var question = template.Replace("{P}", _speaker, StringComparison.Ordinal);
        for (var i = 0; i < needed; i++)
        {
            question = question.Replace("{" + i.ToString(CultureInfo.InvariantCulture) + "}", keywords[i], StringComparison.Ordinal);
        }

        return new CorpusQuestion(id, question, passageId, _paragraph.ToString(), keywords);
    }

    private int PickWeighted(ReadOnlySpan<double> weights)
    {
        var roll = _random.NextDouble();
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static int IndexOfMin(ReadOnlySpan<int> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int IndexOfMax(ReadOnlySpan<int> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int CountTokens(string text) => text.Count(c => c == ' ') + 1;

    private static string Capitalize(string word) =>
        word.Length == 0 ? word : string.Concat(char.ToUpperInvariant(word[0]).ToString(), word.AsSpan(1));

    private static string Slug(string title)
    {
        var slug = new StringBuilder(title.Length);
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    private static string YamlQuote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Picks exactly <c>questions</c> distinct passage numbers, one in each of <c>questions</c> equal slices of the
    /// corpus, without holding a list of them.
    /// </summary>
    private sealed class QuestionPicker(int passages, int questions, SeedRandom random)
    {
        private int _slice = -1;
        private long _next = -1;

        public bool IsPicked(int passage)
        {
            if (questions == 0)
            {
                return false;
            }

            while (passage > _next && _slice + 1 < questions)
            {
                _slice++;
                var start = (long)_slice * passages / questions;
                var end = (long)(_slice + 1) * passages / questions;
                _next = start + random.Next((int)(end - start));
            }

            return passage == _next;
        }
    }
}
