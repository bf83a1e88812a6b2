using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Discord.Models;

/// <summary>A Discord id: a 64-bit unsigned integer, always written to JSON as a string.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter))]
public readonly record struct Snowflake(ulong Value) : IComparable<Snowflake>
{
    private const long DiscordEpochMilliseconds = 1420070400000;

    /// <summary>When the id was created (its upper 42 bits are milliseconds since the Discord epoch).</summary>
    public DateTimeOffset CreatedAt =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(Value >> 22) + DiscordEpochMilliseconds);

    public static Snowflake Parse(string value) => new(ulong.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture));

    public static bool TryParse(string? value, out Snowflake snowflake)
    {
        if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            snowflake = new Snowflake(parsed);
            return true;
        }

        snowflake = default;
        return false;
    }

    public int CompareTo(Snowflake other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    public static bool operator <(Snowflake left, Snowflake right) => left.Value < right.Value;

    public static bool operator >(Snowflake left, Snowflake right) => left.Value > right.Value;

    public static bool operator <=(Snowflake left, Snowflake right) => left.Value <= right.Value;

    public static bool operator >=(Snowflake left, Snowflake right) => left.Value >= right.Value;
}

/// <summary>Reads a snowflake from a JSON string (or, leniently, a number) and writes it as a string.</summary>
public sealed class SnowflakeJsonConverter : JsonConverter<Snowflake>
{
    public override Snowflake Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new Snowflake(reader.GetUInt64());
        }

        if (reader.TokenType == JsonTokenType.String && Snowflake.TryParse(reader.GetString(), out var snowflake))
        {
            return snowflake;
        }

        throw new JsonException("A snowflake must be a string of digits.");
    }

    public override void Write(Utf8JsonWriter writer, Snowflake value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    public override Snowflake ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Snowflake.TryParse(reader.GetString(), out var snowflake)
            ? snowflake
            : throw new JsonException("A snowflake key must be a string of digits.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Snowflake value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
