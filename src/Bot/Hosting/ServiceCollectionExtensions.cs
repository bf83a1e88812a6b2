using Bot.Commands;
using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Bot.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Hosting;

/// <summary>The bot's registrations, in one place. <c>TryAdd</c> throughout, so tests can replace any of them.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddDebateBot(this IServiceCollection services, IConfiguration configuration)
    {
        var discord = DiscordSettings.From(configuration);
        var search = SearchSettings.From(configuration);
        var bot = BotSettings.From(configuration);
        var token = discord.Token ?? throw new InvalidOperationException("No bot token is configured.");

        services.TryAddSingleton(discord);
        services.TryAddSingleton(search);
        services.TryAddSingleton(bot);
        services.TryAddSingleton<ServeOutcome>();
        services.TryAddSingleton(TimeProvider.System);

        // A plain HttpClient: IHttpClientFactory's logging would write request URLs, which carry interaction tokens.
        services.TryAddSingleton(_ => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        });
        services.TryAddSingleton(sp => new DiscordRestClient(
            sp.GetRequiredService<HttpClient>(),
            new DiscordRestOptions { Token = token, BaseUrl = discord.ApiBaseUrl },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.TryAddSingleton(sp => new GatewayClient(
            new GatewayOptions
            {
                Token = token,
                ShardId = discord.ShardId,
                ShardCount = discord.ShardCount,
                Compress = discord.Compress,
                ExitWhenIdentifyBudgetSpent = discord.ExitWhenIdentifyBudgetSpent,
            },
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GatewayClient>>()));

        services.TryAddSingleton(sp => OpenSearchEngine(sp.GetRequiredService<SearchSettings>(), sp.GetRequiredService<ILogger<IndexBuilder>>()));
        services.TryAddSingleton(sp => new UserCooldown(TimeSpan.FromSeconds(bot.CooldownSeconds), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<CorpusReloader>();
        services.TryAddSingleton<CorpusWatcher>();
        services.TryAddSingleton<CommandRegistration>();
        services.TryAddSingleton<InteractionRouter>();
        services.TryAddSingleton<MentionHandler>();
        services.AddHostedService<BotWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<CorpusWatcher>());
        return services;
    }

    /// <summary>Builds the index first when it is missing or older than the documents, then opens it.</summary>
    private static SearchEngine OpenSearchEngine(SearchSettings settings, ILogger<IndexBuilder> logger)
    {
        var embedder = settings.Semantic ? Bot.Search.Semantic.SharedEmbedder.Get(logger) : null;
        new IndexBuilder(new(), logger) { Embedder = embedder }.EnsureFresh(settings.SeedsPath, settings.IndexPath);
        return SearchEngine.Open(settings.IndexPath, embedder is null ? null : q => embedder.EmbedQuery(q), logger);
    }
}
