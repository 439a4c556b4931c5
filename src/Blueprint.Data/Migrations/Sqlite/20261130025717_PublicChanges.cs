using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PublicChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PublicModifiedAt",
                table: "VenueRecords",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "PublicModifiedAt",
                table: "Organisations",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "PublicModifiedAt",
                table: "Interventions",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Hand edit (backfill): until now every edit counted as public, so the last edit is the best start.
            foreach (var table in new[] { "Interventions", "Organisations", "VenueRecords" })
            {
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"PublicModifiedAt\" = \"UpdatedAt\";");
            }

            migrationBuilder.CreateTable(
                name: "DirectoryChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PublicId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_PublicModifiedAt",
                table: "Organisations",
                column: "PublicModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Interventions_PublicModifiedAt",
                table: "Interventions",
                column: "PublicModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryChanges_At",
                table: "DirectoryChanges",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryChanges_Kind_At",
                table: "DirectoryChanges",
                columns: new[] { "Kind", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DirectoryChanges");

            migrationBuilder.DropIndex(
                name: "IX_Organisations_PublicModifiedAt",
                table: "Organisations");

            migrationBuilder.DropIndex(
                name: "IX_Interventions_PublicModifiedAt",
                table: "Interventions");

            migrationBuilder.DropColumn(
                name: "PublicModifiedAt",
                table: "VenueRecords");

            migrationBuilder.DropColumn(
                name: "PublicModifiedAt",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "PublicModifiedAt",
                table: "Interventions");
        }
    }
}
