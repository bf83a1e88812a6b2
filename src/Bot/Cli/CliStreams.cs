namespace Bot.Cli;

/// <summary>The standard streams a verb uses, so tests can run verbs in-process with redirected text.</summary>
/// <param name="In">Standard input.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="OutputIsTerminal">Standard output is a terminal (matched words are marked in bold with ANSI codes).</param>
/// <param name="ErrorIsTerminal">Standard error is a terminal (index progress is shown).</param>
internal sealed record CliStreams(TextReader In, TextWriter Out, TextWriter Error, bool OutputIsTerminal, bool ErrorIsTerminal)
{
    public static CliStreams FromConsole() =>
        new(Console.In, Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected);
}
