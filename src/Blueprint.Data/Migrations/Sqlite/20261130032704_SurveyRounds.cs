using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SurveyRounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EncodingEvidence",
                table: "SurveyImports",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NeedsArea",
                table: "SurveyImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Hand edit: existing imports belong to the round "Before rounds" (id 1, inserted below).
            migrationBuilder.AddColumn<int>(
                name: "RoundId",
                table: "SurveyImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "SurveyRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Tool = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Profile = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyRounds", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "SurveyRounds",
                columns: new[] { "Id", "ClosesOn", "Name", "OpensOn", "Profile", "Tool" },
                values: new object[] { 1, null, "Before rounds", null, null, "unknown" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyImports_RoundId",
                table: "SurveyImports",
                column: "RoundId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyRounds_Name",
                table: "SurveyRounds",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_SurveyImports_SurveyRounds_RoundId",
                table: "SurveyImports",
                column: "RoundId",
                principalTable: "SurveyRounds",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SurveyImports_SurveyRounds_RoundId",
                table: "SurveyImports");

            migrationBuilder.DropTable(
                name: "SurveyRounds");

            migrationBuilder.DropIndex(
                name: "IX_SurveyImports_RoundId",
                table: "SurveyImports");

            migrationBuilder.DropColumn(
                name: "EncodingEvidence",
                table: "SurveyImports");

            migrationBuilder.DropColumn(
                name: "NeedsArea",
                table: "SurveyImports");

            migrationBuilder.DropColumn(
                name: "RoundId",
                table: "SurveyImports");
        }
    }
}
