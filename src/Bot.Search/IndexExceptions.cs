namespace Bot.Search;

/// <summary>There is no usable index in the index folder (never built, or its pointer names a missing generation).</summary>
public sealed class IndexUnavailableException : IOException
{
    public IndexUnavailableException()
    {
    }

    public IndexUnavailableException(string message)
        : base(message)
    {
    }

    public IndexUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Another build holds the index folder's build lock.</summary>
public sealed class IndexBuildLockedException : IOException
{
    public IndexBuildLockedException()
    {
    }

    public IndexBuildLockedException(string message)
        : base(message)
    {
    }

    public IndexBuildLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
