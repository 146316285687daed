using System.Security.Cryptography;

namespace Ladder.Contracts.Archive;

/// <summary>
/// The form of a server API key, <c>lk_&lt;id&gt;_&lt;secret&gt;</c>: <c>id</c> 16 lower-case hex chars (the row's key,
/// not secret), <c>secret</c> 32 random bytes in base64url. Only the SHA-256 of the secret's bytes is stored, so the
/// key is shown once, when it is created; a database dump lets nobody call the API. The console creates keys and the
/// chat nodes verify them through this one class.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "lk_";
    private const int IdBytes = 8;
    private const int SecretBytes = 32;

    /// <summary>A new key: its id, the text handed to its owner once, and the hash to store.</summary>
    public static (string Id, string Key, byte[] Hash) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        return (id, $"{Prefix}{id}_{Base64Url(secret)}", SHA256.HashData(secret));
    }

    /// <summary>The id and the secret's hash of a presented key; false for anything not of the key's form.</summary>
    public static bool TryParse(string? key, out string id, out byte[] hash)
    {
        id = "";
        hash = [];
        // lk_ + 16 hex + _ + 43 base64url chars.
        if (key is null || key.Length != Prefix.Length + (IdBytes * 2) + 1 + 43 || !key.StartsWith(Prefix, StringComparison.Ordinal)
            || key[Prefix.Length + (IdBytes * 2)] != '_')
        {
            return false;
        }

        var idPart = key.AsSpan(Prefix.Length, IdBytes * 2);
        foreach (var c in idPart)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var secret = new byte[SecretBytes];
        if (!TryFromBase64Url(key.AsSpan(Prefix.Length + (IdBytes * 2) + 1), secret))
        {
            return false;
        }

        id = idPart.ToString();
        hash = SHA256.HashData(secret);
        return true;
    }

    /// <summary>Whether a presented key's hash is the stored one, in constant time.</summary>
    public static bool Matches(byte[] presented, byte[] stored) => CryptographicOperations.FixedTimeEquals(presented, stored);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(ReadOnlySpan<char> text, byte[] into)
    {
        Span<char> padded = stackalloc char[44];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }

            padded[i] = c switch { '-' => '+', '_' => '/', _ => c };
        }

        padded[43] = '=';
        return Convert.TryFromBase64Chars(padded, into, out var written) && written == into.Length;
    }
}
