using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Bot.Tests.Fakes;

/// <summary>
/// Reads a multipart/form-data body as Discord's "Uploading Files" describes it [REF]: a <c>payload_json</c> part
/// with the JSON body, and <c>files[n]</c> parts, each with a Content-Disposition naming it uniquely and giving a
/// filename, whose n is the id of an entry of the JSON's <c>attachments</c>. Anything else is reported as Discord
/// would refuse it: 400 (50035), or 413 (40005) for a file over the default 10 MiB. Other fields (<c>content</c>,
/// <c>tts</c>: the docs' form without payload_json) are accepted and not recorded; the bot always sends payload_json.
/// </summary>
internal static class FakeMultipart
{
    public const long FileSizeLimit = 10 * 1024 * 1024;

    public static async Task<(JsonElement? Body, IReadOnlyList<RecordedFile> Files, string? Invalid)> ReadAsync(HttpRequest request)
    {
        var files = new List<RecordedFile>();
        JsonElement? body = null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, files, "multipart/form-data without a boundary");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.Ordinal))
            {
                return (body, files, "a part without Content-Disposition: form-data");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (!names.Add(name))
            {
                return (body, files, $"two parts named '{name}'");
            }

            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            if (name == "payload_json")
            {
                try
                {
                    body = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    return (body, files, "payload_json is not JSON: " + ex.Message);
                }
            }
            else if (name.StartsWith("files[", StringComparison.Ordinal) && name.EndsWith(']'))
            {
                if (disposition.FileNameStar.HasValue)
                {
                    return (body, files, $"{name} has filename*, which RFC 7578 forbids in form-data");
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                if (string.IsNullOrEmpty(fileName))
                {
                    return (body, files, $"{name} has no filename");
                }

                if (buffer.Length > FileSizeLimit)
                {
                    return (body, files, $"413: {name} is {buffer.Length} bytes");
                }

                files.Add(new RecordedFile(name, fileName, section.ContentType, buffer.ToArray()));
            }
            else if (name.Length == 0 || disposition.FileName.HasValue)
            {
                return (body, files, $"a part named '{name}' that is neither payload_json, files[n] nor a form field");
            }
        }

        var ids = body is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
            ? attachments.EnumerateArray().Select(a => a.TryGetProperty("id", out var id) ? id.ToString() : "").ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var file in files)
        {
            if (!ids.Contains(file.Name["files[".Length..^1]))
            {
                return (body, files, $"{file.Name} has no entry in attachments");
            }
        }

        return (body, files, null);
    }
}
