using Bot.Cli;

return await BotCommandLine.RunAsync(args, CliStreams.FromConsole()).ConfigureAwait(false);
