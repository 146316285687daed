namespace Ladder.Contracts.Wire;

public sealed record WelcomeFrame(int Protocol, string Node, string Session, string User)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Welcome;
}
