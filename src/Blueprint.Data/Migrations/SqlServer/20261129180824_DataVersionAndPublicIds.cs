using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Data.Migrations.SqlServer
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
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "VenueRecords",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "Organisations",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "PublicId",
                table: "Interventions",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "DataVersion",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataVersion", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "DataVersion",
                columns: new[] { "Id", "ChangedAt", "Value" },
                values: new object[] { 1, new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Utc), 1L });

            // Existing rows get a random UUID each; a venue's public face takes its record's.
            foreach (var table in new[] { "VenueRecords", "Organisations", "Interventions" })
            {
                migrationBuilder.Sql($"UPDATE [{table}] SET [PublicId] = NEWID();");
            }
            migrationBuilder.Sql("UPDATE v SET v.[PublicId] = r.[PublicId] FROM [Venues] v JOIN [VenueRecords] r ON r.[Id] = v.[Id];");

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
