using System.Text.Json;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Protocol;

/// <summary>
/// Reads a client frame with one forward pass of <see cref="Utf8JsonReader"/>. Unknown fields are skipped (newer
/// clients may send more); known fields of the wrong JSON type make the frame <c>bad_frame</c>. Every malformed
/// input is <c>bad_frame</c>, never an exception: the reader validates UTF-8 and nesting, and a string that is valid
/// JSON but not valid UTF-16 once unescaped (a lone surrogate escape such as <c>"\ud800"</c>, in any string, property
/// name or resume key) is refused too.
/// </summary>
internal static class ClientFrameParser
{
    public static ClientFrame Parse(ReadOnlySpan<byte> utf8)
    {
        string? type = null, room = null, clientMsgId = null, text = null, grant = null, token = null;
        List<string>? grants = null;
        ulong? lastKnownId = null, before = null;
        int? limit = null;
        List<KeyValuePair<string, ulong>>? resume = null;
        string? badField = null;

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Refused(ErrorCodes.BadFrame, "a frame is one JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                var unescaped = reader.ValueIsEscaped ? reader.GetString() : null;
                reader.Read();
                switch (unescaped ?? PropertyName(name))
                {
                    case "type": type = ReadString(ref reader, "type", ref badField); break;
                    case "room": room = ReadString(ref reader, "room", ref badField); break;
                    case "clientMsgId": clientMsgId = ReadString(ref reader, "clientMsgId", ref badField); break;
                    case "text": text = ReadString(ref reader, "text", ref badField); break;
                    case "lastKnownId": lastKnownId = ReadSeq(ref reader, "lastKnownId", ref badField); break;
                    case "before": before = ReadSeq(ref reader, "before", ref badField); break;
                    case "limit": limit = ReadLimit(ref reader, ref badField); break;
                    case "resume": resume = ReadResume(ref reader, ref badField); break;
                    case "grant": grant = ReadString(ref reader, "grant", ref badField); break;
                    case "grants": grants = ReadStrings(ref reader, "grants", ref badField); break;
                    case "token": token = ReadString(ref reader, "token", ref badField); break;
                    default: reader.Skip(); break;
                }
            }

            // Anything after the object (a second value) makes the frame malformed.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Refused(ErrorCodes.BadFrame, "a frame is exactly one JSON object");
            }
        }
        catch (JsonException)
        {
            return Refused(ErrorCodes.BadFrame, "not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // GetString throws this (not a JsonException) for an escape that unescapes to a lone surrogate.
            return Refused(ErrorCodes.BadFrame, "a string holds a lone surrogate escape");
        }

        var frame = new ClientFrame
        {
            Type = type,
            Room = room,
            ClientMsgId = clientMsgId,
            Text = text,
            LastKnownId = lastKnownId,
            Before = before,
            Limit = limit,
            Resume = resume,
            Grant = grant,
            Grants = grants,
            Token = token,
        };

        if (type is null)
        {
            return frame with { Error = new FrameError(ErrorCodes.BadFrame, badField == "type" ? "type must be a string" : "type is missing") };
        }

        if (badField is not null)
        {
            return frame with { Error = new FrameError(ErrorCodes.BadFrame, $"{badField} has the wrong type") };
        }

        return frame;
    }

    private static ClientFrame Refused(string code, string message) => new() { Error = new FrameError(code, message) };

    private static string PropertyName(ReadOnlySpan<byte> name)
    {
        // Names are short and almost never escaped: compare bytes without allocating.
        if (name.SequenceEqual("type"u8)) return "type";
        if (name.SequenceEqual("room"u8)) return "room";
        if (name.SequenceEqual("clientMsgId"u8)) return "clientMsgId";
        if (name.SequenceEqual("text"u8)) return "text";
        if (name.SequenceEqual("lastKnownId"u8)) return "lastKnownId";
        if (name.SequenceEqual("before"u8)) return "before";
        if (name.SequenceEqual("limit"u8)) return "limit";
        if (name.SequenceEqual("resume"u8)) return "resume";
        if (name.SequenceEqual("grant"u8)) return "grant";
        if (name.SequenceEqual("grants"u8)) return "grants";
        if (name.SequenceEqual("token"u8)) return "token";
        return "";
    }

    private static string? ReadString(ref Utf8JsonReader reader, string field, ref string? badField)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                badField ??= field;
                reader.Skip();
                return null;
        }
    }

    private static List<string>? ReadStrings(ref Utf8JsonReader reader, string field, ref string? badField)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            badField ??= field;
            reader.Skip();
            return null;
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                values.Add(reader.GetString()!);
            }
            else
            {
                badField ??= field;
                reader.Skip();
            }
        }

        return values;
    }

    private static ulong? ReadSeq(ref Utf8JsonReader reader, string field, ref string? badField)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var value))
        {
            return value;
        }

        badField ??= field;
        reader.Skip();
        return null;
    }

    private static int? ReadLimit(ref Utf8JsonReader reader, ref string? badField)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }

        badField ??= "limit";
        reader.Skip();
        return null;
    }

    private static List<KeyValuePair<string, ulong>>? ReadResume(ref Utf8JsonReader reader, ref string? badField)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            badField ??= "resume";
            reader.Skip();
            return null;
        }

        var entries = new List<KeyValuePair<string, ulong>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var room = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var lastKnownId))
            {
                entries.Add(new(room, lastKnownId));
            }
            else
            {
                badField ??= "resume";
                reader.Skip();
            }
        }

        return entries;
    }
}
