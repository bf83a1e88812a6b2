using System.Text.Json;
using Json.Schema;

namespace Bot.Tests.Fakes;

/// <summary>
/// Validates REST bodies against Discord's OpenAPI spec (OpenAPI 3.1 = JSON Schema 2020-12), vendored in
/// <c>Fixtures/Discord/openapi.json</c> with its MIT licence: the whole document is registered and bodies are checked
/// against <c>#/components/schemas/&lt;Name&gt;</c>.
/// </summary>
public static class DiscordSchemas
{
    private static readonly Uri DocumentUri = new("https://discord.test/openapi.json");
    private static readonly Lazy<SchemaRegistry> Registry = new(LoadRegistry);
    private static readonly Dictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The vendored spec, copied beside the test assembly.</summary>
    public static string OpenApiPath { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Discord", "openapi.json");

    /// <summary>Validation errors of <paramref name="instance"/> against the named component schema (empty = valid).</summary>
    public static IReadOnlyList<string> Validate(JsonElement instance, string schemaName)
    {
        var results = GetSchema(schemaName).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Append(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => (d.Errors ?? new Dictionary<string, string>()).Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Distinct()];
    }

    public static void AssertValid(JsonElement instance, string schemaName)
    {
        var errors = Validate(instance, schemaName);
        Assert.True(errors.Count == 0, $"Body does not match {schemaName}:\n{string.Join("\n", errors.Take(20))}\nBody: {instance.GetRawText()}");
    }

    /// <summary>The request schema Discord's spec gives for a recorded request's route (null for bodiless GETs).</summary>
    public static string? SchemaFor(RecordedRequest request) => request.Route switch
    {
        "POST /channels/{channel_id}/messages" => "MessageCreateRequest",
        "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original" => "IncomingWebhookUpdateRequestPartial",
        "POST /webhooks/{application_id}/{interaction_token}" => "IncomingWebhookRequestPartial",
        "PUT /applications/{application_id}/commands" or "PUT /applications/{application_id}/guilds/{guild_id}/commands" => "ApplicationCommandUpdateRequest",
        "POST /interactions/{interaction_id}/{interaction_token}/callback" => request.Body?.GetProperty("type").GetInt32() switch
        {
            4 or 5 => "CreateMessageInteractionCallbackRequest",
            6 or 7 => "UpdateMessageInteractionCallbackRequest",
            8 => "ApplicationCommandAutocompleteCallbackRequest",
            var other => throw new InvalidOperationException($"No schema mapped for callback type {other}"),
        },
        _ => null,
    };

    /// <summary>Asserts that every recorded request with a body matches its route's request schema.</summary>
    public static void AssertAllBodiesValid(IEnumerable<RecordedRequest> requests)
    {
        foreach (var request in requests)
        {
            if (request.Body is not { } body || SchemaFor(request) is not { } schema)
            {
                continue;
            }

            if (schema == "ApplicationCommandUpdateRequest")
            {
                Assert.Equal(JsonValueKind.Array, body.ValueKind);
                Assert.True(body.GetArrayLength() <= 130, "bulk overwrite takes at most 130 commands");
                foreach (var command in body.EnumerateArray())
                {
                    AssertValid(command, schema);
                }
            }
            else
            {
                AssertValid(body, schema);
            }
        }
    }

    private static JsonSchema GetSchema(string name)
    {
        var registry = Registry.Value;
        lock (Gate)
        {
            if (!Schemas.TryGetValue(name, out var schema))
            {
                var text = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"{{DocumentUri}}#/components/schemas/{{name}}"}""";
                schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 }, new Uri($"https://discord.test/check/{name}"));
                Schemas[name] = schema;
            }

            return schema;
        }
    }

    private static SchemaRegistry LoadRegistry()
    {
        // A missing spec fails the test that needed it: schema checks never pass by being skipped.
        var document = JsonDocument.Parse(File.ReadAllBytes(OpenApiPath)).RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(document, DocumentUri));
        return registry;
    }
}
