using FluentMigrator;
using Ladder.Contracts.Archive;

namespace Ladder.Archiver.Storage.Migrations;

/// <summary>
/// The admin console's server-side sessions (a cookie is only valid while its row is live, so signing out or disabling
/// an account ends it everywhere) and its sign-in failures per client address and per (account, address), which
/// replace the account-wide lock: a stranger's wrong passwords no longer lock the owner out.
/// </summary>
[Migration(2026_12_10_0004, "Console sessions and per-address sign-in throttling")]
public sealed class M0004_CreateConsoleSessions : Migration
{
    private const string Sessions = ArchiveTables.ConsoleSessions;
    private const string SignInFailures = ArchiveTables.ConsoleSignInFailures;

    public override void Up()
    {
        Create.Table(Sessions)
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_console_sessions")
            .WithColumn("user_name").AsString(64).NotNullable()
            .WithColumn("client_address").AsString(64).NotNullable()
            .WithColumn("created_at").AsCustom("timestamptz").NotNullable()
            .WithColumn("revoked_at").AsCustom("timestamptz").Nullable();

        // Disabling an account revokes all of its sessions.
        Create.Index("ix_console_sessions_user_name").OnTable(Sessions).OnColumn("user_name").Ascending();

        // scope: "address:<address>" or "account:<address>:<user>".
        Create.Table(SignInFailures)
            .WithColumn("scope").AsString(160).NotNullable().PrimaryKey("pk_console_sign_in_failures")
            .WithColumn("failures").AsInt32().NotNullable()
            .WithColumn("window_started_at").AsCustom("timestamptz").NotNullable()
            .WithColumn("blocked_until").AsCustom("timestamptz").Nullable();

        // The sweep removes rows whose window is over.
        Create.Index("ix_console_sign_in_failures_window").OnTable(SignInFailures).OnColumn("window_started_at").Ascending();
    }

    public override void Down()
    {
        Delete.Table(SignInFailures);
        Delete.Table(Sessions);
    }
}
