using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Data.Migrations.SqlServer
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
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ErasedBy",
                table: "SurveyImports",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Erasure",
                table: "SurveyImports",
                type: "nvarchar(2000)",
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
