using FluentMigrator;
using Ladder.Contracts.Archive;

namespace Ladder.Archiver.Storage.Migrations;

/// <summary>History, tombstones, dead letters and the archive's progress.</summary>
[Migration(2026_11_28_0001, "Chat history and archive progress")]
public sealed class M0001_CreateHistory : Migration
{
    public override void Up()
    {
        Create.Table(ArchiveTables.Messages)
            .WithColumn("room").AsString(64).NotNullable().PrimaryKey("pk_messages")
            .WithColumn("seq").AsInt64().NotNullable().PrimaryKey("pk_messages")
            .WithColumn("sender").AsString(64).NotNullable()
            .WithColumn("text").AsCustom("text").NotNullable()
            .WithColumn("client_msg_id").AsString(64).NotNullable()
            .WithColumn("sent_at").AsCustom("timestamptz").NotNullable()
            .WithColumn("archived_at").AsCustom("timestamptz").NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime)
            .WithColumn("deleted").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("deleted_at").AsCustom("timestamptz").Nullable();

        // Paging a room newest-first is a backward scan of the primary key (room, seq): no second index needed.
        // The archive's contiguous position walks seq across rooms, which needs seq on its own.
        Create.Index("ux_messages_seq").OnTable(ArchiveTables.Messages)
            .OnColumn("seq").Ascending()
            .WithOptions().Unique();

        Create.Table(ArchiveTables.MessageDeletions)
            .WithColumn("seq").AsInt64().NotNullable().PrimaryKey("pk_message_deletions")
            .WithColumn("room").AsString(64).NotNullable()
            .WithColumn("deleted_seq").AsInt64().NotNullable()
            .WithColumn("moderator").AsString(64).NotNullable()
            .WithColumn("reason").AsCustom("text").Nullable()
            .WithColumn("deleted_at").AsCustom("timestamptz").NotNullable()
            .WithColumn("archived_at").AsCustom("timestamptz").NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime);

        // A message archived after its tombstone looks its deletion up by (room, seq).
        Create.Index("ix_message_deletions_target").OnTable(ArchiveTables.MessageDeletions)
            .OnColumn("room").Ascending()
            .OnColumn("deleted_seq").Ascending();

        Create.Table(ArchiveTables.DeadLetters)
            .WithColumn("seq").AsInt64().NotNullable().PrimaryKey("pk_archive_dead_letters")
            .WithColumn("room").AsString(64).NotNullable()
            .WithColumn("reason").AsCustom("text").NotNullable()
            .WithColumn("rejected_at").AsCustom("timestamptz").NotNullable();

        Create.Table(ArchiveTables.Progress)
            .WithColumn("stream").AsString(64).NotNullable().PrimaryKey("pk_archive_progress")
            .WithColumn("archived_seq").AsInt64().NotNullable()
            .WithColumn("stream_last_seq").AsInt64().NotNullable()
            .WithColumn("updated_at").AsCustom("timestamptz").NotNullable();
    }

    public override void Down()
    {
        Delete.Table(ArchiveTables.Progress);
        Delete.Table(ArchiveTables.DeadLetters);
        Delete.Table(ArchiveTables.MessageDeletions);
        Delete.Table(ArchiveTables.Messages);
    }
}
