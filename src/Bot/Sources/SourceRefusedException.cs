namespace Bot.Sources;

/// <summary>A source that is not added or removed, with the reason shown to whoever asked.</summary>
public sealed class SourceRefusedException : Exception
{
    public SourceRefusedException()
    {
    }

    public SourceRefusedException(string message)
        : base(message)
    {
    }

    public SourceRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
