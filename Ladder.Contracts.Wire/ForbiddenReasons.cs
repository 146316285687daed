namespace Ladder.Contracts.Wire;

/// <summary>The <c>reason</c> of a <see cref="ErrorCodes.Forbidden"/> refusal of a room (protocol v1.1).</summary>
public static class ForbiddenReasons
{
    /// <summary>The room's namespace admits only users with a grant, and the user has none for it.</summary>
    public const string GrantRequired = "grant_required";
    /// <summary>The room's namespace lets only users with a send grant post, and the user's grant is read-only.</summary>
    public const string SendGrantRequired = "send_grant_required";
    /// <summary>Only the app's backend posts to rooms of this namespace.</summary>
    public const string ServerOnly = "server_only";
    /// <summary>A direct-message room of other users.</summary>
    public const string NotAParticipant = "not_a_participant";
    /// <summary>A grant token that is expired, badly signed, malformed, or for another user.</summary>
    public const string InvalidGrant = "invalid_grant";
    /// <summary>A namespace the node is not configured with.</summary>
    public const string UnknownNamespace = "unknown_namespace";
    /// <summary>The app's backend (the namespace's join hook) refused the user without naming a reason of its own.</summary>
    public const string HookDenied = "hook_denied";
    /// <summary>The namespace's join hook did not answer in time, answered with an error status or an answer the node
    /// could not read: the node refuses rather than guesses (the hook fails closed). Retrying later may succeed.</summary>
    public const string HookUnavailable = "hook_unavailable";
    /// <summary>Typing signals are off in this namespace.</summary>
    public const string TypingOff = "typing_off";

    /// <summary>A server API key without the scope the call needs.</summary>
    public const string ScopeRequired = "scope_required";
}
