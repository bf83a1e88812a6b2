namespace Bot.Tests.Fixtures;

/// <summary>Finds the repository (the folder holding Bot.sln).</summary>
internal static class RepositoryPaths
{
    public const string SeedFileName = "000_d735ff75ace50038.txt";

    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Bot.sln above {AppContext.BaseDirectory}");
    }
}
