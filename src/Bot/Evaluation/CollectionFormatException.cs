namespace Bot.Evaluation;

/// <summary>A line of a collection file that cannot be read; the message names the file and the line.</summary>
public sealed class CollectionFormatException : Exception
{
    public CollectionFormatException()
    {
    }

    public CollectionFormatException(string message)
        : base(message)
    {
    }

    public CollectionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CollectionFormatException(string fileName, int line, string problem, Exception? innerException = null)
        : base($"{fileName}:{line}: {problem}", innerException)
    {
        FileName = fileName;
        Line = line;
    }

    /// <summary>The file (or reader name) the line comes from.</summary>
    public string? FileName { get; }

    /// <summary>1-based line number, 0 when unknown.</summary>
    public int Line { get; }
}
