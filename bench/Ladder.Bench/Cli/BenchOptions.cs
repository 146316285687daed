using System.Globalization;

namespace Ladder.Bench.Cli;

/// <summary>The command line: <c>&lt;scenario&gt; [--target ladder|baseline] [--quick] [--nodes a,b] [--key value]…</c>.</summary>
public sealed class BenchOptions
{
    public const int BaselinePort = 5190;

    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    public string Scenario { get; private init; } = "";

    public bool Quick { get; private init; }

    public bool Ladder => Target == "ladder";

    public string Target => Get("target", "ladder");

    public IReadOnlyList<Uri> Nodes => Get("nodes", Ladder ? "http://127.0.0.1:5101,http://127.0.0.1:5102" : $"http://127.0.0.1:{BaselinePort}")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(node => new Uri(node))
        .ToArray();

    public IReadOnlyDictionary<string, string> Values => values;

    public string Get(string key, string fallback) => values.GetValueOrDefault(key, fallback);

    public int Int(string key, int full, int quick) =>
        values.TryGetValue(key, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : Quick ? quick : full;

    public double Double(string key, double full, double quick) =>
        values.TryGetValue(key, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : Quick ? quick : full;

    public int[] Ints(string key, string full, string quick) =>
        Get(key, Quick ? quick : full).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(value => int.Parse(value, CultureInfo.InvariantCulture)).ToArray();

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("usage: <idle|fanout|resume-storm|archive|connect-rate|all> [--quick] [--target ladder|baseline] [--nodes url,url] [--key value]...");
        }

        var quick = false;
        var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            var key = args[i][2..];
            if (key == "quick")
            {
                quick = true;
            }
            else if (key.Contains('='))
            {
                parsed[key[..key.IndexOf('=')]] = key[(key.IndexOf('=') + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed[key] = args[++i];
            }
            else
            {
                parsed[key] = "true";
            }
        }

        var options = new BenchOptions { Scenario = args[0], Quick = quick };
        foreach (var (key, value) in parsed)
        {
            options.values[key] = value;
        }

        return options;
    }
}
