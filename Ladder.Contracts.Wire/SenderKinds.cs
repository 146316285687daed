namespace Ladder.Contracts.Wire;

/// <summary>The <c>senderKind</c> of a <c>message</c> (protocol v1.1): who posted it when it was not a user.</summary>
public static class SenderKinds
{
    /// <summary>The app's backend as a named bot; the sender is <c>bot:&lt;name&gt;</c>.</summary>
    public const string Bot = "bot";

    /// <summary>The app's backend as the system; the sender is <c>system</c>.</summary>
    public const string System = "system";
}
