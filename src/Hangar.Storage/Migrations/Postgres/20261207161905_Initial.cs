using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Hangar.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    organization_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    actor_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    actor_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    target_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    target_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    target_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    client_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "blob_deletions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    blob_key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blob_deletions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    friendly_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xml = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "used_request_signatures",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_used_request_signatures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "used_upload_grants",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_used_upload_grants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    username = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    password_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    is_disabled = table.Column<bool>(type: "boolean", nullable: false),
                    is_instance_admin = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "vault_keys",
                columns: table => new
                {
                    purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    public_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    encrypted_private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vault_keys", x => x.purpose);
                });

            migrationBuilder.CreateTable(
                name: "workspaces",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    organization_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    run_retention_days = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspaces", x => x.id);
                    table.ForeignKey(
                        name: "fk_workspaces_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "access_credentials",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    user_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    identifier = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    encrypted_secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_credentials", x => x.id);
                    table.ForeignKey(
                        name: "fk_access_credentials_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "organization_invitations",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    organization_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    user_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    invited_by_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    invited_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_organization_invitations_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_organization_invitations_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "organization_members",
                columns: table => new
                {
                    organization_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    user_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_members", x => new { x.organization_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_organization_members_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_organization_members_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_sessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    client_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_sessions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    permissions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    encrypted_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    key_preview = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_by_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    usage_count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_keys_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assets",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    blob_key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    content_type = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assets", x => x.id);
                    table.ForeignKey(
                        name: "fk_assets_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    run_ids = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.workspace_id, x.key });
                    table.ForeignKey(
                        name: "fk_idempotency_keys_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "process_secrets",
                columns: table => new
                {
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_process_secrets", x => x.process_id);
                    table.ForeignKey(
                        name: "fk_process_secrets_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "processes",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    default_payload = table.Column<string>(type: "text", maxLength: 2147483647, nullable: true),
                    run_count = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_processes", x => x.id);
                    table.ForeignKey(
                        name: "fk_processes_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "task_packages",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    latest_version_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_task_packages", x => x.id);
                    table.ForeignKey(
                        name: "fk_task_packages_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "vault_secrets",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    encrypted_value = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_by_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_by_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_by_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    updated_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vault_secrets", x => x.id);
                    table.ForeignKey(
                        name: "fk_vault_secrets_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "worker_groups",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_groups", x => x.id);
                    table.ForeignKey(
                        name: "fk_worker_groups_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workers",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    credential_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    isolation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workers", x => x.id);
                    table.ForeignKey(
                        name: "fk_workers_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_members",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    user_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_members", x => new { x.workspace_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_workspace_members_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workspace_members_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asset_uploads",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    asset_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    content_type = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asset_uploads", x => x.id);
                    table.ForeignKey(
                        name: "fk_asset_uploads_assets_asset_id",
                        column: x => x.asset_id,
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_triggers",
                columns: table => new
                {
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    address_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    encrypted_local_part = table.Column<byte[]>(type: "bytea", maxLength: 256, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    parse = table.Column<bool>(type: "boolean", nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_triggers", x => x.process_id);
                    table.ForeignKey(
                        name: "fk_email_triggers_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_email_triggers_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "process_runs",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    number = table.Column<long>(type: "bigint", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    current_step = table.Column<int>(type: "integer", nullable: false),
                    started_by_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_by_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    started_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    stop_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    stop_terminates_ongoing = table.Column<bool>(type: "boolean", nullable: false),
                    stop_sets_remaining_done = table.Column<bool>(type: "boolean", nullable: false),
                    callback_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    callback_secret = table.Column<byte[]>(type: "bytea", nullable: true),
                    callback_events = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_process_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_process_runs_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "schedules",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    cron = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    payload = table.Column<string>(type: "text", maxLength: 2147483647, nullable: true),
                    overlap = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    catch_up = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    next_fire_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_fire_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    last_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedules", x => x.id);
                    table.ForeignKey(
                        name: "fk_schedules_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    endpoint = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    events = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    encrypted_secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    secret_preview = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhooks", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhooks_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhooks_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "process_steps",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    position = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    task_package_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    task_package_version_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    task = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    worker_group_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    timeout_seconds = table.Column<int>(type: "integer", nullable: false),
                    max_parallel = table.Column<int>(type: "integer", nullable: false),
                    retries_on_worker_loss = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_process_steps", x => x.id);
                    table.ForeignKey(
                        name: "fk_process_steps_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_process_steps_task_packages_task_package_id",
                        column: x => x.task_package_id,
                        principalTable: "task_packages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "task_package_versions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    task_package_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    number = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    blob_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    robot_root = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    tasks = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    uploaded_by_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    uploaded_by_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    uploaded_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_task_package_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_task_package_versions_task_packages_task_package_id",
                        column: x => x.task_package_id,
                        principalTable: "task_packages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "link_tokens",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    worker_group_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_link_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_link_tokens_worker_groups_worker_group_id",
                        column: x => x.worker_group_id,
                        principalTable: "worker_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_link_tokens_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "worker_group_members",
                columns: table => new
                {
                    worker_group_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    worker_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_group_members", x => new { x.worker_id, x.worker_group_id });
                    table.ForeignKey(
                        name: "fk_worker_group_members_worker_groups_worker_group_id",
                        column: x => x.worker_group_id,
                        principalTable: "worker_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_worker_group_members_workers_worker_id",
                        column: x => x.worker_id,
                        principalTable: "workers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "step_runs",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    step_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    step_position = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    task_package_version_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    worker_group_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    worker_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_step_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_step_runs_process_runs_process_run_id",
                        column: x => x.process_run_id,
                        principalTable: "process_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "work_items",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    step_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    step_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    parent_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payload = table.Column<string>(type: "text", maxLength: 2147483647, nullable: true),
                    exception_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    exception_code = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    exception_message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_work_items_process_runs_process_run_id",
                        column: x => x.process_run_id,
                        principalTable: "process_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_work_items_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "schedule_fires",
                columns: table => new
                {
                    schedule_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    fire_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    process_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    missed = table.Column<int>(type: "integer", nullable: false),
                    run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    handled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedule_fires", x => new { x.schedule_id, x.fire_at });
                    table.ForeignKey(
                        name: "fk_schedule_fires_schedules_schedule_id",
                        column: x => x.schedule_id,
                        principalTable: "schedules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    webhook_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    process_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    target_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    ordering_key = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    event_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    @event = table.Column<string>(name: "event", type: "character varying(64)", maxLength: 64, nullable: false),
                    body = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: false),
                    callback_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    callback_secret = table.Column<byte[]>(type: "bytea", nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    give_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_status_code = table.Column<int>(type: "integer", nullable: true),
                    last_error = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    resend_of = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_webhooks_webhook_id",
                        column: x => x.webhook_id,
                        principalTable: "webhooks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "artifacts",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    step_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    blob_key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_artifacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_artifacts_step_runs_step_run_id",
                        column: x => x.step_run_id,
                        principalTable: "step_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "console_messages",
                columns: table => new
                {
                    step_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stream = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    message = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_console_messages", x => new { x.step_run_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_console_messages_step_runs_step_run_id",
                        column: x => x.step_run_id,
                        principalTable: "step_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "step_run_events",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    step_run_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    event_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_step_run_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_step_run_events_step_runs_step_run_id",
                        column: x => x.step_run_id,
                        principalTable: "step_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "work_item_files",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    work_item_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    blob_key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_item_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_work_item_files_work_items_work_item_id",
                        column: x => x.work_item_id,
                        principalTable: "work_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_delivery_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    delivery_id = table.Column<long>(type: "bigint", nullable: false),
                    workspace_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    webhook_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    @event = table.Column<string>(name: "event", type: "character varying(64)", maxLength: 64, nullable: false),
                    attempted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    latency_ms = table.Column<int>(type: "integer", nullable: false),
                    response = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    error = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_delivery_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_delivery_attempts_webhook_deliveries_delivery_id",
                        column: x => x.delivery_id,
                        principalTable: "webhook_deliveries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_credentials_identifier",
                table: "access_credentials",
                column: "identifier",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_access_credentials_user_id_id",
                table: "access_credentials",
                columns: new[] { "user_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_key_hash",
                table: "api_keys",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_workspace_id_id",
                table: "api_keys",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_step_run_id_id",
                table: "artifacts",
                columns: new[] { "step_run_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_artifacts_workspace_id_size",
                table: "artifacts",
                columns: new[] { "workspace_id", "size" });

            migrationBuilder.CreateIndex(
                name: "ix_asset_uploads_asset_id",
                table: "asset_uploads",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_assets_workspace_id_id",
                table: "assets",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_assets_workspace_id_name",
                table: "assets",
                columns: new[] { "workspace_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_workspace_id_id",
                table: "audit_events",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_email_triggers_address_hash",
                table: "email_triggers",
                column: "address_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_triggers_workspace_id",
                table: "email_triggers",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_link_tokens_token_hash",
                table: "link_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_link_tokens_worker_group_id_id",
                table: "link_tokens",
                columns: new[] { "worker_group_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_link_tokens_workspace_id",
                table: "link_tokens",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_organization_invitations_organization_id_user_id",
                table: "organization_invitations",
                columns: new[] { "organization_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_organization_invitations_user_id_id",
                table: "organization_invitations",
                columns: new[] { "user_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_organization_members_user_id",
                table: "organization_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_process_runs_process_id",
                table: "process_runs",
                column: "process_id");

            migrationBuilder.CreateIndex(
                name: "ix_process_runs_workspace_id_ended_at",
                table: "process_runs",
                columns: new[] { "workspace_id", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_process_runs_workspace_id_id",
                table: "process_runs",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_process_runs_workspace_id_process_id_id",
                table: "process_runs",
                columns: new[] { "workspace_id", "process_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_process_runs_workspace_id_state_id",
                table: "process_runs",
                columns: new[] { "workspace_id", "state", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_process_secrets_workspace_id",
                table: "process_secrets",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_process_steps_process_id_position",
                table: "process_steps",
                columns: new[] { "process_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_process_steps_task_package_id",
                table: "process_steps",
                column: "task_package_id");

            migrationBuilder.CreateIndex(
                name: "ix_processes_workspace_id_id",
                table: "processes",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_processes_workspace_id_name",
                table: "processes",
                columns: new[] { "workspace_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_schedule_fires_handled_at",
                table: "schedule_fires",
                column: "handled_at");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_next_fire_at",
                table: "schedules",
                column: "next_fire_at");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_process_id",
                table: "schedules",
                column: "process_id");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_workspace_id_process_id_id",
                table: "schedules",
                columns: new[] { "workspace_id", "process_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_step_run_events_step_run_id_id",
                table: "step_run_events",
                columns: new[] { "step_run_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_step_runs_process_run_id_id",
                table: "step_runs",
                columns: new[] { "process_run_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_step_runs_state_lease_expires_at",
                table: "step_runs",
                columns: new[] { "state", "lease_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_step_runs_state_workspace_id_created_at_id",
                table: "step_runs",
                columns: new[] { "state", "workspace_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_step_runs_worker_id_state",
                table: "step_runs",
                columns: new[] { "worker_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_step_runs_workspace_id_id",
                table: "step_runs",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_task_package_versions_task_package_id_number",
                table: "task_package_versions",
                columns: new[] { "task_package_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_task_packages_workspace_id_id",
                table: "task_packages",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_task_packages_workspace_id_name",
                table: "task_packages",
                columns: new[] { "workspace_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_used_request_signatures_expires_at",
                table: "used_request_signatures",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_used_upload_grants_expires_at",
                table: "used_upload_grants",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_expires_at",
                table: "user_sessions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_token_hash",
                table: "user_sessions",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_user_id",
                table: "user_sessions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_username",
                table: "users",
                column: "username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vault_secrets_workspace_id_id",
                table: "vault_secrets",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_vault_secrets_workspace_id_name",
                table: "vault_secrets",
                columns: new[] { "workspace_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_created_at",
                table: "webhook_deliveries",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_state_next_attempt_at",
                table: "webhook_deliveries",
                columns: new[] { "state", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_target_id_ordering_key_state_id",
                table: "webhook_deliveries",
                columns: new[] { "target_id", "ordering_key", "state", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_webhook_id_id",
                table: "webhook_deliveries",
                columns: new[] { "webhook_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_workspace_id",
                table: "webhook_deliveries",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_delivery_attempts_attempted_at",
                table: "webhook_delivery_attempts",
                column: "attempted_at");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_delivery_attempts_delivery_id_id",
                table: "webhook_delivery_attempts",
                columns: new[] { "delivery_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_delivery_attempts_webhook_id_id",
                table: "webhook_delivery_attempts",
                columns: new[] { "webhook_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhooks_process_id",
                table: "webhooks",
                column: "process_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhooks_workspace_id_id",
                table: "webhooks",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_work_item_files_work_item_id_name",
                table: "work_item_files",
                columns: new[] { "work_item_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_work_item_files_workspace_id_size",
                table: "work_item_files",
                columns: new[] { "workspace_id", "size" });

            migrationBuilder.CreateIndex(
                name: "ix_work_items_process_id_state_id",
                table: "work_items",
                columns: new[] { "process_id", "state", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_work_items_process_run_id_state",
                table: "work_items",
                columns: new[] { "process_run_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_work_items_process_run_id_step_id_state_created_at_id",
                table: "work_items",
                columns: new[] { "process_run_id", "step_id", "state", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_work_items_workspace_id_id",
                table: "work_items",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_worker_group_members_worker_group_id",
                table: "worker_group_members",
                column: "worker_group_id");

            migrationBuilder.CreateIndex(
                name: "ix_worker_groups_workspace_id_id",
                table: "worker_groups",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_workers_credential_hash",
                table: "workers",
                column: "credential_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_workers_workspace_id_id",
                table: "workers",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_workspace_members_user_id",
                table: "workspace_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspaces_name",
                table: "workspaces",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_workspaces_organization_id_name",
                table: "workspaces",
                columns: new[] { "organization_id", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_credentials");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "artifacts");

            migrationBuilder.DropTable(
                name: "asset_uploads");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "blob_deletions");

            migrationBuilder.DropTable(
                name: "console_messages");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "email_triggers");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "link_tokens");

            migrationBuilder.DropTable(
                name: "organization_invitations");

            migrationBuilder.DropTable(
                name: "organization_members");

            migrationBuilder.DropTable(
                name: "process_secrets");

            migrationBuilder.DropTable(
                name: "process_steps");

            migrationBuilder.DropTable(
                name: "schedule_fires");

            migrationBuilder.DropTable(
                name: "step_run_events");

            migrationBuilder.DropTable(
                name: "task_package_versions");

            migrationBuilder.DropTable(
                name: "used_request_signatures");

            migrationBuilder.DropTable(
                name: "used_upload_grants");

            migrationBuilder.DropTable(
                name: "user_sessions");

            migrationBuilder.DropTable(
                name: "vault_keys");

            migrationBuilder.DropTable(
                name: "vault_secrets");

            migrationBuilder.DropTable(
                name: "webhook_delivery_attempts");

            migrationBuilder.DropTable(
                name: "work_item_files");

            migrationBuilder.DropTable(
                name: "worker_group_members");

            migrationBuilder.DropTable(
                name: "workspace_members");

            migrationBuilder.DropTable(
                name: "assets");

            migrationBuilder.DropTable(
                name: "schedules");

            migrationBuilder.DropTable(
                name: "step_runs");

            migrationBuilder.DropTable(
                name: "task_packages");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "work_items");

            migrationBuilder.DropTable(
                name: "worker_groups");

            migrationBuilder.DropTable(
                name: "workers");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropTable(
                name: "process_runs");

            migrationBuilder.DropTable(
                name: "processes");

            migrationBuilder.DropTable(
                name: "workspaces");

            migrationBuilder.DropTable(
                name: "organizations");
        }
    }
}
