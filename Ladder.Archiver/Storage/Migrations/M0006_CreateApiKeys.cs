using FluentMigrator;
using Ladder.Contracts.Archive;

namespace Ladder.Archiver.Storage.Migrations;

/// <summary>
/// The server API's keys: the console creates and revokes them, the chat nodes verify <c>lk_&lt;id&gt;_&lt;secret&gt;</c>
/// against <c>hash</c> (the SHA-256 of the secret; the secret itself is never stored). A revoked key keeps its row, so
/// the audit log's actor names stay explained.
/// </summary>
[Migration(2026_12_22_0006, "Server API keys")]
public sealed class M0006_CreateApiKeys : Migration
{
    public override void Up()
    {
        Create.Table(ArchiveTables.ApiKeys)
            .WithColumn("id").AsString(16).NotNullable().PrimaryKey("pk_api_keys")
            .WithColumn("name").AsString(64).NotNullable().Unique("ux_api_keys_name")
            .WithColumn("hash").AsBinary(32).NotNullable()
            .WithColumn("scopes").AsCustom("text[]").NotNullable()
            .WithColumn("created_by").AsString(64).NotNullable()
            .WithColumn("created_at").AsCustom("timestamptz").NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime)
            .WithColumn("revoked_at").AsCustom("timestamptz").Nullable()
            .WithColumn("last_used_at").AsCustom("timestamptz").Nullable();
    }

    public override void Down()
    {
        Delete.Table(ArchiveTables.ApiKeys);
    }
}
