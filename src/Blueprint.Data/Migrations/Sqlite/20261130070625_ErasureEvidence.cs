using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ErasureEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ErasedAt",
                table: "SurveyImports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ErasedBy",
                table: "SurveyImports",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Erasure",
                table: "SurveyImports",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "SurveyImports");

            migrationBuilder.DropColumn(
                name: "ErasedBy",
                table: "SurveyImports");

            migrationBuilder.DropColumn(
                name: "Erasure",
                table: "SurveyImports");
        }
    }
}
