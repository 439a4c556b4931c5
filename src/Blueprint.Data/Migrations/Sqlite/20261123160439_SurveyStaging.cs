using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SurveyStaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SurveyImports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Encoding = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Profile = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Header = table.Column<string>(type: "TEXT", nullable: true),
                    RowsRead = table.Column<int>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    NotForPublication = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    BlankRows = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SurveyResponses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportId = table.Column<int>(type: "INTEGER", nullable: false),
                    RowNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RawRow = table.Column<string>(type: "TEXT", nullable: false),
                    Normalised = table.Column<string>(type: "TEXT", nullable: true),
                    Problems = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    DuplicateOfRow = table.Column<int>(type: "INTEGER", nullable: true),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    InterventionName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RespondentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RespondentJobTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RespondentEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    ConsentToPublish = table.Column<bool>(type: "INTEGER", nullable: true),
                    ConsentToContact = table.Column<bool>(type: "INTEGER", nullable: true),
                    MatchedInterventionId = table.Column<int>(type: "INTEGER", nullable: true),
                    PublishedInterventionId = table.Column<int>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyResponses_SurveyImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "SurveyImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyImports_FileHash",
                table: "SurveyImports",
                column: "FileHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_ImportId_RowNumber",
                table: "SurveyResponses",
                columns: new[] { "ImportId", "RowNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_Outcome",
                table: "SurveyResponses",
                column: "Outcome");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_PublishedInterventionId",
                table: "SurveyResponses",
                column: "PublishedInterventionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SurveyResponses");

            migrationBuilder.DropTable(
                name: "SurveyImports");
        }
    }
}
