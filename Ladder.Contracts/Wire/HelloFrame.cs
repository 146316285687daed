namespace Ladder.Contracts.Wire;

/// <summary>Client → server: join every room of <see cref="Resume"/> with that room's lastKnownId.</summary>
public sealed record HelloFrame(IReadOnlyDictionary<string, ulong>? Resume)
{
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Hello;
}
