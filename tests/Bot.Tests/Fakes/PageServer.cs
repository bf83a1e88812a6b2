using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Fakes;

/// <summary>A web server on 127.0.0.1 serving fixed documents, and redirects, for the tests that add sources by link.</summary>
internal sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, (byte[] Body, string ContentType)> _pages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _redirects = new(StringComparer.Ordinal);

    private PageServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The Accept header of each request, in order.</summary>
    public List<string> Accepts { get; } = [];

    public static async Task<PageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PageServer? server = null;
        app.Run(context => server is null ? Task.CompletedTask : server.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        server = new PageServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public Uri Serve(string path, byte[] body, string contentType)
    {
        lock (_pages)
        {
            _pages[path] = (body, contentType);
        }

        return new Uri(BaseUri, path.TrimStart('/'));
    }

    public Uri Redirect(string path, string to)
    {
        lock (_pages)
        {
            _redirects[path] = to;
        }

        return new Uri(BaseUri, path.TrimStart('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        (byte[] Body, string ContentType) page;
        string? redirect;
        lock (_pages)
        {
            Accepts.Add(context.Request.Headers.Accept.ToString());
            _redirects.TryGetValue(path, out redirect);
            if (!_pages.TryGetValue(path, out page))
            {
                page = ([], string.Empty);
            }
        }

        if (redirect is not null)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = redirect;
            return;
        }

        if (page.Body.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = page.ContentType;
        context.Response.ContentLength = page.Body.Length;
        await context.Response.Body.WriteAsync(page.Body);
    }
}
