using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Bot.Commands;

/// <summary>
/// Questions and queries that buttons need again when clicked but that do not fit Discord's 100-character
/// custom_id: remembered here by a short hash of their text. Bounded: past <see cref="Capacity"/> texts it starts
/// afresh, and a button whose text is forgotten (or that outlived a restart) says so instead of guessing.
/// </summary>
internal sealed class ButtonTexts
{
    /// <summary>Texts remembered at most; a hash key is 16 hex digits.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary><c>:text</c> when <paramref name="room"/> characters hold it, else <c>#hash</c> of the remembered text.</summary>
    public string Key(string text, int room) => 1 + text.Length <= room ? ":" + text : "#" + Hash(text);

    /// <summary>The text a <see cref="Key"/> stands for; null when it was forgotten.</summary>
    public string? Resolve(string key) => key switch
    {
        [':', .. var text] => text,
        ['#', .. var hash] => _texts.GetValueOrDefault(hash),
        _ => null,
    };

    /// <summary>Characters of a <see cref="Hash"/>: the first 8 bytes of SHA-256 in hex.</summary>
    public const int HashLength = 16;

    /// <summary>Remembers <paramref name="text"/> and returns its hash (<see cref="HashLength"/> hex digits).</summary>
    public string Hash(string text)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, HashLength / 2);
        if (_texts.Count >= Capacity)
        {
            _texts.Clear();
        }

        _texts[hash] = text;
        return hash;
    }

    /// <summary>The text remembered under <paramref name="hash"/>, or null.</summary>
    public string? Lookup(string hash) => _texts.GetValueOrDefault(hash);
}
