using Bot.Commands;
using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Bot.Embeddings;
using Bot.Search;
using Bot.Search.Ingestion;
using Bot.Sources;
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

        services.TryAddSingleton(sp => new ServingModel(search.Semantic ? SharedEmbedder.Get(sp.GetRequiredService<ILogger<ServingModel>>()) : null));
        services.TryAddSingleton(sp => OpenSearchEngine(sp.GetRequiredService<SearchSettings>(), sp.GetRequiredService<ServingModel>(), sp.GetRequiredService<ILogger<IndexBuilder>>()));
        services.TryAddSingleton(sp => new UserCooldown(TimeSpan.FromSeconds(bot.CooldownSeconds), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<CorpusReloader>();
        var sources = SourcesSettings.From(configuration);
        services.TryAddSingleton(sp => new SourceDesk(
            new SourceLibrary(search.SeedsPath, new SeedReader(), sp.GetRequiredService<TimeProvider>()),
            sources,
            new Uri(discord.CdnBaseUrl),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SourceDesk>>()));
        services.TryAddSingleton<CorpusWatcher>();
        services.TryAddSingleton<CommandRegistration>();
        services.TryAddSingleton<ButtonTexts>();
        services.TryAddSingleton<InteractionRouter>();
        services.TryAddSingleton<MentionHandler>();
        services.AddHostedService<BotWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<CorpusWatcher>());
        return services;
    }

    /// <summary>Builds the index first when it is missing or older than the documents, then opens it.</summary>
    private static SearchEngine OpenSearchEngine(SearchSettings settings, ServingModel model, ILogger<IndexBuilder> logger)
    {
        new IndexBuilder(new(), logger) { Embedder = model.Embedder }.EnsureFresh(settings.SeedsPath, settings.IndexPath);
        return SearchEngine.Open(settings.IndexPath, model.Embedder, logger);
    }
}

/// <summary>
/// The sentence-embedding model the bot serves with, or null when it is turned off (<c>Search:Semantic</c>) or could not
/// load (said once in the log): the engine and the live reindex share it.
/// </summary>
internal sealed record ServingModel(Bot.Search.Semantic.ITextEmbedder? Embedder);
