using System.Globalization;
using Bot.Benchmarks.Corpus;

// Corpus generation only, for now: Bot.Benchmarks WORK_DIR PASSAGES QUESTIONS [SEED]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Bot.Benchmarks WORK_DIR PASSAGES QUESTIONS [SEED]");
    return 2;
}

var seed = args.Length > 3 ? ulong.Parse(args[3], CultureInfo.InvariantCulture) : 42UL;
var manifest = new CorpusGenerator(Vocabulary.Load(), seed).Generate(
    Path.Combine(args[0], "seeds"),
    Path.Combine(args[0], CorpusQuestion.FileName),
    int.Parse(args[1], CultureInfo.InvariantCulture),
    int.Parse(args[2], CultureInfo.InvariantCulture));
manifest.Save(Path.Combine(args[0], CorpusManifest.FileName));
Console.WriteLine(manifest);
return 0;
