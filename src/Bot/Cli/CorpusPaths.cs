using System.CommandLine;

namespace Bot.Cli;

/// <summary>The <c>--seeds</c> and <c>--index</c> options every verb takes.</summary>
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

    public void AddTo(Command command)
    {
        command.Add(Seeds);
        command.Add(Index);
    }

    public (string Seeds, string Index) Get(ParseResult parseResult) =>
        (parseResult.GetRequiredValue(Seeds).FullName, parseResult.GetRequiredValue(Index).FullName);
}
