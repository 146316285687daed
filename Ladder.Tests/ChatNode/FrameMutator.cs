using System.Text;

namespace Ladder.Tests.ChatNode;

/// <summary>Generates malformed client frames from valid ones, deterministically from a seed: byte flips,
/// truncations, insertions, bad escapes, wrong types, deep nesting, huge numbers and invalid UTF-8.</summary>
public sealed class FrameMutator(int seed, string room)
{
    private static readonly string[] BadEscapes = [@"\ud800", @"\udc00", @"\ud83d\u0041", @"\u00", @"\x41", @"\uZZZZ", @"\", @"\u0000", "\t", "\u0001"];
    private static readonly string[] WrongValues = ["1", "-1", "true", "null", "[]", "{}", "\"\"", "\"x\"", "1e400", "99999999999999999999999999", "-0", "1.5", "18446744073709551616", "[1,{\"a\":[]}]"];
    private static readonly byte[][] BadBytes = [[0xC0, 0x80], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], [0xE2, 0x82]];

    private readonly Random random = new(seed);
    private readonly string[] valid =
    [
        $"{{\"type\":\"join\",\"room\":\"{room}\"}}",
        $"{{\"type\":\"join\",\"room\":\"{room}\",\"lastKnownId\":0}}",
        $"{{\"type\":\"leave\",\"room\":\"{room}\"}}",
        $"{{\"type\":\"send\",\"room\":\"{room}\",\"clientMsgId\":\"c-1\",\"text\":\"hello\"}}",
        $"{{\"type\":\"typing\",\"room\":\"{room}\"}}",
        $"{{\"type\":\"history\",\"room\":\"{room}\",\"before\":10,\"limit\":5}}",
        $"{{\"type\":\"hello\",\"resume\":{{\"{room}\":0}}}}",
        "{\"type\":\"ping\"}",
    ];

    public byte[] Next()
    {
        var frame = Encoding.UTF8.GetBytes(valid[random.Next(valid.Length)]);
        var mutations = 1 + random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            frame = Mutate(frame);
        }

        return frame;
    }

    private byte[] Mutate(byte[] frame) => random.Next(9) switch
    {
        0 => Flip(frame),
        1 => frame[..random.Next(frame.Length + 1)],
        2 => Insert(frame, [(byte)random.Next(256)]),
        3 => Insert(frame, Encoding.UTF8.GetBytes(BadEscapes[random.Next(BadEscapes.Length)])),
        4 => ReplaceValue(frame),
        5 => Nest(frame),
        6 => Insert(frame, BadBytes[random.Next(BadBytes.Length)]),
        7 => Insert(frame, Encoding.UTF8.GetBytes(WrongValues[random.Next(WrongValues.Length)])),
        _ => Insert(frame, Encoding.UTF8.GetBytes("\"" + BadEscapes[random.Next(BadEscapes.Length)] + "\":" + WrongValues[random.Next(WrongValues.Length)] + ",")),
    };

    private byte[] Flip(byte[] frame)
    {
        if (frame.Length == 0)
        {
            return frame;
        }

        var copy = (byte[])frame.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private byte[] Insert(byte[] frame, byte[] bytes)
    {
        var at = random.Next(frame.Length + 1);
        return [.. frame[..at], .. bytes, .. frame[at..]];
    }

    /// <summary>Puts a value of another JSON type after a random colon.</summary>
    private byte[] ReplaceValue(byte[] frame)
    {
        var colons = Enumerable.Range(0, frame.Length).Where(i => frame[i] == (byte)':').ToList();
        if (colons.Count == 0)
        {
            return frame;
        }

        var at = colons[random.Next(colons.Count)] + 1;
        var end = at;
        while (end < frame.Length && frame[end] is not ((byte)',' or (byte)'}'))
        {
            end++;
        }

        return [.. frame[..at], .. Encoding.UTF8.GetBytes(WrongValues[random.Next(WrongValues.Length)]), .. frame[end..]];
    }

    /// <summary>Wraps a value, or the frame, in up to 300 arrays or objects (the parser's depth limit is 8).</summary>
    private byte[] Nest(byte[] frame)
    {
        var depth = 1 + random.Next(300);
        var array = random.Next(2) == 0;
        var open = array ? "[" : "{\"a\":";
        var close = array ? "]" : "}";
        var nested = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
        return random.Next(2) == 0 ? nested : Insert(frame, nested);
    }
}
