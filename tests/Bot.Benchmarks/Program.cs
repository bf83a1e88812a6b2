using System.Text.Json;
using Bot.Benchmarks.Harness;

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (options.ColdStartBot is not null)
{
    return await ColdStart.RunAsync(options, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
}

if (options.Reload is not null)
{
    return await ReloadRun.RunAsync(options, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
}

if (options.Phase is not null)
{
    var result = await PhaseRunner.RunAsync(options, cancel.Token).ConfigureAwait(false);
    Console.WriteLine(JsonSerializer.Serialize(result, HarnessJsonContext.Default.PhaseResult));
    return 0;
}

if (options.GenerateOnly)
{
    BenchmarkRun.EnsureCorpus(options, Console.Error);
    return 0;
}

return await BenchmarkRun.RunAsync(options, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
