using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hangar.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddRunStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "run_stats",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    bucket_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed = table.Column<long>(type: "bigint", nullable: false),
                    unresolved = table.Column<long>(type: "bigint", nullable: false),
                    stopped = table.Column<long>(type: "bigint", nullable: false),
                    failed_to_start = table.Column<long>(type: "bigint", nullable: false),
                    items_total = table.Column<long>(type: "bigint", nullable: false),
                    items_failed_business = table.Column<long>(type: "bigint", nullable: false),
                    items_failed_application = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_stats", x => new { x.workspace_id, x.process_id, x.bucket_start });
                    table.ForeignKey(
                        name: "fk_run_stats_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "run_stats_durations",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    bucket_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    bin = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_stats_durations", x => new { x.workspace_id, x.process_id, x.bucket_start, x.bin });
                    table.ForeignKey(
                        name: "fk_run_stats_durations_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "run_stats_exceptions",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    bucket_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    exception_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    exception_code = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_stats_exceptions", x => new { x.workspace_id, x.process_id, x.bucket_start, x.exception_type, x.exception_code });
                    table.ForeignKey(
                        name: "fk_run_stats_exceptions_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_run_stats_process_id",
                table: "run_stats",
                column: "process_id");

            migrationBuilder.CreateIndex(
                name: "ix_run_stats_workspace_id_bucket_start",
                table: "run_stats",
                columns: new[] { "workspace_id", "bucket_start" });

            migrationBuilder.CreateIndex(
                name: "ix_run_stats_durations_process_id",
                table: "run_stats_durations",
                column: "process_id");

            migrationBuilder.CreateIndex(
                name: "ix_run_stats_durations_workspace_id_bucket_start",
                table: "run_stats_durations",
                columns: new[] { "workspace_id", "bucket_start" });

            migrationBuilder.CreateIndex(
                name: "ix_run_stats_exceptions_process_id",
                table: "run_stats_exceptions",
                column: "process_id");

            migrationBuilder.CreateIndex(
                name: "ix_run_stats_exceptions_workspace_id_bucket_start",
                table: "run_stats_exceptions",
                columns: new[] { "workspace_id", "bucket_start" });

            // The triggers keep the numbers from now on; the fill counts the runs and items stored before this upgrade.
            // The SQL is frozen in 20261208002522_AddRunStats.sql as released: StatsSql may change, this migration may not.
            foreach (var statement in FrozenMigrationSql.Up("20261208002522_AddRunStats"))
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in FrozenMigrationSql.Down("20261208002522_AddRunStats"))
            {
                migrationBuilder.Sql(statement);
            }

            migrationBuilder.DropTable(
                name: "run_stats");

            migrationBuilder.DropTable(
                name: "run_stats_durations");

            migrationBuilder.DropTable(
                name: "run_stats_exceptions");
        }
    }
}
