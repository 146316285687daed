using FluentMigrator;
using Ladder.Contracts.Archive;

namespace Ladder.Archiver.Storage.Migrations;

/// <summary>The moderation audit log and accounts, read and written by the moderation consumers and the admin console.</summary>
[Migration(2026_11_28_0002, "Moderation audit and accounts")]
public sealed class M0002_CreateModerationAndAccounts : Migration
{
    public override void Up()
    {
        Create.Table(ArchiveTables.ModerationAudit)
            .WithColumn("id").AsInt64().NotNullable().PrimaryKey("pk_moderation_audit").Identity()
            .WithColumn("at").AsCustom("timestamptz").NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime)
            .WithColumn("moderator").AsString(64).NotNullable()
            .WithColumn("action").AsString(32).NotNullable()
            .WithColumn("room").AsString(64).Nullable()
            .WithColumn("target_user").AsString(64).Nullable()
            .WithColumn("target_seq").AsInt64().Nullable()
            .WithColumn("reason").AsCustom("text").Nullable()
            .WithColumn("expires_at").AsCustom("timestamptz").Nullable();

        // The console lists the newest actions first, overall and per room or user.
        Create.Index("ix_moderation_audit_at").OnTable(ArchiveTables.ModerationAudit).OnColumn("at").Descending();
        Create.Index("ix_moderation_audit_target_user").OnTable(ArchiveTables.ModerationAudit)
            .OnColumn("target_user").Ascending()
            .OnColumn("at").Descending();

        Create.Table(ArchiveTables.Accounts)
            .WithColumn("user_name").AsString(64).NotNullable().PrimaryKey("pk_accounts")
            .WithColumn("display_name").AsString(128).Nullable()
            .WithColumn("role").AsString(16).NotNullable().WithDefaultValue("user")
            .WithColumn("password_hash").AsCustom("text").Nullable()
            .WithColumn("created_at").AsCustom("timestamptz").NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime)
            .WithColumn("disabled").AsBoolean().NotNullable().WithDefaultValue(false);
    }

    public override void Down()
    {
        Delete.Table(ArchiveTables.Accounts);
        Delete.Table(ArchiveTables.ModerationAudit);
    }
}
