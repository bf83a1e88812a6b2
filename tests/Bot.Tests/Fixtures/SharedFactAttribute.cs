namespace Bot.Tests.Fixtures;

/// <summary>A fact that needs ../shared beside the repository; skipped with the reason when it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (RepositoryPaths.Shared is null)
        {
            Skip = $"../shared is not beside the repository ({RepositoryPaths.Root}); the shared evaluation files are needed";
        }
    }
}
