using System.Diagnostics;
using System.Globalization;
using Bot.Evaluation.Probe;

// Usage: dotnet run -c Release --project tests/Bot.Evaluation.Probe -- <collection folder> <cache folder> [--drop-self] [--batch-timing]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: probe <collection folder> <cache folder> [--drop-self]");
    return 2;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var probe = new Probe(args[0], args[1], args.Contains("--drop-self"));
var stopwatch = Stopwatch.StartNew();
if (args.Contains("--batch-timing"))
{
    await probe.TimeBatchSizesAsync();
}
else
{
    await probe.RunAsync();
}
Console.WriteLine($"total {stopwatch.Elapsed.TotalSeconds:F0} s");
return 0;
