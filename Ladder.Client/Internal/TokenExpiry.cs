namespace Ladder.Client.Internal;

/// <summary>Reads a JWT's <c>exp</c> without validating anything: the client only needs to know when to refresh, and
/// the node decides whether the token is good.</summary>
internal static class TokenExpiry
{
    public static DateTimeOffset? Read(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (second < 0)
        {
            return null;
        }

        // Base64Url is not in net8.0's library: back to plain base64 by hand.
        var payload = token.Substring(first + 1, second - first - 1).Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        var bytes = new byte[payload.Length];
        if (!Convert.TryFromBase64String(payload, bytes, out var written))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(0, written));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isExp = reader.ValueTextEquals("exp"u8);
                reader.Read();
                if (isExp)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds)
                        && seconds is > 0 and < 253402300799
                        ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                        : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not a JWT we can read: no refresh, the node's 4001 still ends the session in time.
        }

        return null;
    }
}
