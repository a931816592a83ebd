using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hangar.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRunTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "process_runs",
                type: "TEXT",
                maxLength: 55,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "process_runs");
        }
    }
}
