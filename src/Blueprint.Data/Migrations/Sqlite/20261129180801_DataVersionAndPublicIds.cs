using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DataVersionAndPublicIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "Venues",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "VenueRecords",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "Organisations",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "Interventions",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "DataVersion",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataVersion", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "DataVersion",
                columns: new[] { "Id", "ChangedAt", "Value" },
                values: new object[] { 1, new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Utc), 1L });

            // Existing rows get a random (version 4) UUID each; a venue's public face takes its record's.
            const string RandomUuid = "hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
                + "|| substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))";
            foreach (var table in new[] { "VenueRecords", "Organisations", "Interventions" })
            {
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"PublicId\" = {RandomUuid};");
            }
            migrationBuilder.Sql("UPDATE \"Venues\" SET \"PublicId\" = (SELECT r.\"PublicId\" FROM \"VenueRecords\" r WHERE r.\"Id\" = \"Venues\".\"Id\");");

            migrationBuilder.CreateIndex(
                name: "IX_Venues_PublicId",
                table: "Venues",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VenueRecords_PublicId",
                table: "VenueRecords",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_PublicId",
                table: "Organisations",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Interventions_PublicId",
                table: "Interventions",
                column: "PublicId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataVersion");

            migrationBuilder.DropIndex(
                name: "IX_Venues_PublicId",
                table: "Venues");

            migrationBuilder.DropIndex(
                name: "IX_VenueRecords_PublicId",
                table: "VenueRecords");

            migrationBuilder.DropIndex(
                name: "IX_Organisations_PublicId",
                table: "Organisations");

            migrationBuilder.DropIndex(
                name: "IX_Interventions_PublicId",
                table: "Interventions");

            migrationBuilder.DropColumn(
                name: "PublicId",
                table: "Venues");

            migrationBuilder.DropColumn(
                name: "PublicId",
                table: "VenueRecords");

            migrationBuilder.DropColumn(
                name: "PublicId",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "PublicId",
                table: "Interventions");
        }
    }
}
