using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Hosting;

/// <summary>
/// The <c>serve</c> code path: the .NET Generic Host with console logging, configured from <c>appsettings.json</c>
/// (beside the executable), the environment and the command line, running <see cref="BotWorker"/>.
/// </summary>
internal static class BotHost
{
    /// <summary>Exit code when no token is configured.</summary>
    public const int NoToken = 2;

    public const string NoTokenMessage =
        "No bot token is configured. Set the environment variable DISCORD_TOKEN (or Discord__Token), or Discord:Token in appsettings.json, then run 'bot serve' again.";

    /// <summary>Builds the host, or returns null with the reason when no token is configured.</summary>
    /// <param name="args">Configuration on the command line, e.g. <c>--Discord:GuildId=123</c>.</param>
    /// <param name="configureServices">Replaces registrations after the bot's own (tests use it for fakes).</param>
    /// <param name="error">Why no host was built.</param>
    public static IHost? TryBuild(string[] args, Action<IServiceCollection>? configureServices, out string? error)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrWhiteSpace(DiscordSettings.From(builder.Configuration).Token))
        {
            error = NoTokenMessage;
            return null;
        }

        builder.Services.AddDebateBot(builder.Configuration);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
        configureServices?.Invoke(builder.Services);
        error = null;
        return builder.Build();
    }

    /// <summary>Runs the bot until SIGTERM, Ctrl-C or a fatal error; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken)
    {
        using var host = TryBuild(args, configureServices: null, out var reason);
        if (host is null)
        {
            await error.WriteLineAsync($"error: {reason}").ConfigureAwait(false);
            return NoToken;
        }

        var outcome = host.Services.GetRequiredService<ServeOutcome>();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return outcome.ExitCode;
    }
}
