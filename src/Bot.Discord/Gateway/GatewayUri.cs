namespace Bot.Discord.Gateway;

/// <summary>The gateway URLs the client follows, and the query it adds to them [GW].</summary>
internal static class GatewayUri
{
    /// <summary>
    /// Only <c>wss://</c>: the Identify and Resume payloads carry the bot token, so a URL from GET /gateway/bot or
    /// READY's resume_gateway_url that would send it in clear text (or anywhere but a WebSocket) is not followed.
    /// Plain <c>ws://</c> is allowed to a loopback address alone, where a local stand-in for Discord runs.
    /// </summary>
    public static bool IsAllowed(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == "wss" || (uri.Scheme == "ws" && uri.IsLoopback));

    /// <summary>What to log about a refused URL: its scheme and host, or that it is not a URL.</summary>
    public static string Describe(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Scheme + "://" + uri.Host : "not an absolute URL";

    /// <summary><paramref name="baseUrl"/> with <c>?v=10&amp;encoding=json</c> (and zlib-stream when compressing).</summary>
    public static Uri Build(string baseUrl, bool compress)
    {
        var builder = new UriBuilder(baseUrl);
        if (string.IsNullOrEmpty(builder.Path))
        {
            builder.Path = "/";
        }

        builder.Query = compress ? "v=10&encoding=json&compress=zlib-stream" : "v=10&encoding=json";
        return builder.Uri;
    }
}
