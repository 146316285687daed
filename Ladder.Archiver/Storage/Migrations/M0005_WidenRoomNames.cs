using FluentMigrator;
using Ladder.Contracts.Archive;

namespace Ladder.Archiver.Storage.Migrations;

/// <summary>
/// Room names of protocol v1.1 carry a namespace (<c>ns:rest</c>, up to 32 + 1 + 132 chars; a direct-message room
/// names two user ids of up to 64 each): every room column grows from 64 to 165. Widening a varchar is a catalog
/// change in PostgreSQL, no table rewrite.
/// </summary>
[Migration(2026_12_20_0005, "Room names up to 165 chars (namespaces)")]
public sealed class M0005_WidenRoomNames : Migration
{
    private const int RoomLength = 165;

    public override void Up()
    {
        Alter.Table(ArchiveTables.Messages).AlterColumn("room").AsString(RoomLength).NotNullable();
        Alter.Table(ArchiveTables.MessageDeletions).AlterColumn("room").AsString(RoomLength).NotNullable();
        Alter.Table(ArchiveTables.DeadLetters).AlterColumn("room").AsString(RoomLength).NotNullable();
        Alter.Table(ArchiveTables.ModerationAudit).AlterColumn("room").AsString(RoomLength).Nullable();
        Alter.Table(ArchiveTables.Mutes).AlterColumn("room").AsString(RoomLength).NotNullable();
        Alter.Table(ArchiveTables.ClosedRooms).AlterColumn("room").AsString(RoomLength).NotNullable();
    }

    public override void Down()
    {
        // Narrowing would fail on (or cut) the namespaced rooms already stored: a rollback keeps the wider columns.
    }
}
