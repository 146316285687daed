using FluentMigrator;
using Ladder.Archiver.Moderation;
using Ladder.Contracts.Archive;

namespace Ladder.Archiver.Storage.Migrations;

/// <summary>
/// Durable moderation state (bans, mutes, closed rooms) that the Redis moderation cache is rebuilt from, idempotent audit
/// rows, and the accounts' sign-in lockout.
/// </summary>
[Migration(2026_11_28_0003, "Moderation state and sign-in lockout")]
public sealed class M0003_CreateModerationState : Migration
{
    public override void Up()
    {
        // The bus delivers a command at least once; its message id makes the audit row exactly once.
        Alter.Table(ArchiveTables.ModerationAudit)
            .AddColumn("command_id").AsGuid().Nullable();
        Create.Index("ux_moderation_audit_command_id").OnTable(ArchiveTables.ModerationAudit)
            .OnColumn("command_id").Ascending()
            .WithOptions().Unique();
        Create.Index("ix_moderation_audit_room").OnTable(ArchiveTables.ModerationAudit)
            .OnColumn("room").Ascending()
            .OnColumn("at").Descending();

        Create.Table(ArchiveTables.Bans)
            .WithColumn("user_name").AsString(64).NotNullable().PrimaryKey("pk_moderation_bans")
            .WithColumn("moderator").AsString(64).NotNullable()
            .WithColumn("reason").AsCustom("text").Nullable()
            .WithColumn("banned_at").AsCustom("timestamptz").NotNullable()
            .WithColumn("expires_at").AsCustom("timestamptz").Nullable();

        Create.Table(ArchiveTables.Mutes)
            .WithColumn("user_name").AsString(64).NotNullable().PrimaryKey("pk_moderation_mutes")
            .WithColumn("room").AsString(64).NotNullable().PrimaryKey("pk_moderation_mutes")
            .WithColumn("moderator").AsString(64).NotNullable()
            .WithColumn("reason").AsCustom("text").Nullable()
            .WithColumn("muted_at").AsCustom("timestamptz").NotNullable()
            .WithColumn("expires_at").AsCustom("timestamptz").Nullable();

        Create.Table(ArchiveTables.ClosedRooms)
            .WithColumn("room").AsString(64).NotNullable().PrimaryKey("pk_closed_rooms")
            .WithColumn("moderator").AsString(64).NotNullable()
            .WithColumn("reason").AsCustom("text").Nullable()
            .WithColumn("closed_at").AsCustom("timestamptz").NotNullable();

        Alter.Table(ArchiveTables.Accounts)
            .AddColumn("failed_sign_ins").AsInt32().NotNullable().WithDefaultValue(0)
            .AddColumn("locked_until").AsCustom("timestamptz").Nullable()
            .AddColumn("last_sign_in_at").AsCustom("timestamptz").Nullable();
    }

    public override void Down()
    {
        Delete.Column("last_sign_in_at").Column("locked_until").Column("failed_sign_ins").FromTable(ArchiveTables.Accounts);
        Delete.Table(ArchiveTables.ClosedRooms);
        Delete.Table(ArchiveTables.Mutes);
        Delete.Table(ArchiveTables.Bans);
        Delete.Index("ix_moderation_audit_room").OnTable(ArchiveTables.ModerationAudit);
        Delete.Index("ux_moderation_audit_command_id").OnTable(ArchiveTables.ModerationAudit);
        Delete.Column("command_id").FromTable(ArchiveTables.ModerationAudit);
    }
}
