using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Bot.Sources;

/// <summary>A document downloaded from a link: its bytes as served and the address it was finally served from.</summary>
/// <param name="Url">The address after redirects.</param>
/// <param name="Bytes">The body, byte for byte.</param>
/// <param name="FileName">The name the server gave it (Content-Disposition), when it gave one.</param>
public sealed record FetchedSource(Uri Url, byte[] Bytes, string? FileName);

/// <summary>
/// Downloads a source from an http(s) link: redirects followed by hand (each one checked and counted), a size limit
/// enforced while reading, a time limit over the whole download, and a browser's Accept header (some publishers
/// refuse clients that ask for anything else). Unless <see cref="SourcesOptions.AllowPrivateNetworks"/> is set, no
/// request reaches a private, loopback or link-local address: the host is checked before each request, and the
/// address actually connected to is checked again, so a name that resolves differently the second time is caught.
/// </summary>
public sealed class SourceFetcher : IDisposable
{
    private const string Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain;q=0.8,*/*;q=0.5";
    private const string UserAgent = "Mozilla/5.0 (compatible; debate-sources-bot/1.0)";

    private readonly SourcesOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly HttpClient _client;

    public SourceFetcher(SourcesOptions options, TimeProvider? timeProvider = null)
    {
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = ConnectAsync,

            // Through a proxy the connection would go to the proxy's address, and the check of the link's own address
            // at connect time (which catches a name that resolves to a private address only on the second lookup)
            // would never see it.
            UseProxy = false,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Downloads <paramref name="url"/>.</summary>
    /// <exception cref="SourceRefusedException">The link is refused, or the download fails, with the reason.</exception>
    public async Task<FetchedSource> FetchAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var timeout = new CancellationTokenSource(_options.DownloadTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var current = url;
            for (var redirects = 0; ; redirects++)
            {
                await CheckAsync(current, linked.Token).ConfigureAwait(false);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.Accept.ParseAdd(Accept);
                request.Headers.UserAgent.ParseAdd(UserAgent);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects == _options.MaxRedirects)
                    {
                        throw new SourceRefusedException($"{url} redirects more than {_options.MaxRedirects} times");
                    }

                    current = new Uri(current, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new SourceRefusedException($"{current} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                var bytes = await ReadAsync(response.Content, linked.Token).ConfigureAwait(false);
                return new FetchedSource(current, bytes, FileName(response.Content.Headers.ContentDisposition));
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceRefusedException($"{url} took longer than {_options.DownloadTimeout.TotalSeconds:0} s to download");
        }
        catch (HttpRequestException ex)
        {
            throw ex.InnerException as SourceRefusedException ?? new SourceRefusedException($"{url} could not be fetched: {ex.Message}", ex);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new SourceRefusedException($"only http and https links are fetched, not '{url}'");
        }

        if (_options.AllowPrivateNetworks)
        {
            return;
        }

        var addresses = IPAddress.TryParse(url.IdnHost, out var literal)
            ? [literal]
            : await ResolveAsync(url.IdnHost, cancellationToken).ConfigureAwait(false);
        if (addresses.FirstOrDefault(NetworkPolicy.IsPrivate) is { } blocked)
        {
            throw new SourceRefusedException(PrivateRefusal(url.Host, blocked));
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = _options.AllowPrivateNetworks ? addresses : [.. addresses.Where(a => !NetworkPolicy.IsPrivate(a))];
        if (allowed.Length == 0)
        {
            throw new SourceRefusedException(PrivateRefusal(context.DnsEndPoint.Host, addresses.FirstOrDefault() ?? IPAddress.None));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new SourceRefusedException($"the host '{host}' could not be found", ex);
        }
    }

    private async Task<byte[]> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var max = _options.MaxDownloadBytes;
        if (content.Headers.ContentLength > max)
        {
            throw new SourceRefusedException($"the document is {content.Headers.ContentLength:N0} bytes, over the {max:N0}-byte limit");
        }

        using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + read > max)
            {
                throw new SourceRefusedException($"the document is over the {max:N0}-byte limit");
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static string? FileName(ContentDispositionHeaderValue? disposition) =>
        (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"') is { Length: > 0 } name ? Path.GetFileName(name) : null;

    private static string PrivateRefusal(string host, IPAddress address) =>
        $"links to private, loopback or link-local addresses are refused ({host} is {address}); set Sources:AllowPrivateNetworks to allow them";
}
