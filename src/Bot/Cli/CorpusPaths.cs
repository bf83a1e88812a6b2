using System.CommandLine;

namespace Bot.Cli;

/// <summary>The <c>--seeds</c> and <c>--index</c> options every verb takes, and <c>--verbose</c> for the summary of a build they start.</summary>
internal sealed class CorpusPaths
{
    public Option<DirectoryInfo> Seeds { get; } = new("--seeds")
    {
        Description = "Folder of source documents",
        DefaultValueFactory = _ => new DirectoryInfo("seeds"),
    };

    public Option<DirectoryInfo> Index { get; } = new("--index")
    {
        Description = "Index folder (built from the seeds folder)",
        DefaultValueFactory = _ => new DirectoryInfo("index"),
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "When the index is built, list every skipped file with its reason (the summary names a few per reason)",
    };

    public void AddTo(Command command)
    {
        command.Add(Seeds);
        command.Add(Index);
        command.Add(Verbose);
    }

    public (string Seeds, string Index) Get(ParseResult parseResult) =>
        (parseResult.GetRequiredValue(Seeds).FullName, parseResult.GetRequiredValue(Index).FullName);

    public bool IsVerbose(ParseResult parseResult) => parseResult.GetValue(Verbose);
}
