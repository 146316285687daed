namespace Ladder.ChatNode.Fanout;

internal enum FeedItemKind
{
    /// <summary>The feed's subscription is on and its head known: it routes from there.</summary>
    Begin,

    /// <summary>A live entry of the room.</summary>
    Live,

    /// <summary>After a reconnect: entries published while the connection was down reached no subscription; read the
    /// room's head and fill up to it.</summary>
    Check,

    /// <summary>The room closed.</summary>
    End,
}
