namespace Hangar.Core.Services;

/// <summary>The stable action names written to the audit log.</summary>
public static class AuditActions
{
    public const string LoginSucceeded = "auth.login";
    public const string FailedAuthenticationBurst = "auth.failed_burst";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyUpdated = "api_key.updated";
    public const string ApiKeyDeleted = "api_key.deleted";
    public const string ApiKeyRevealed = "api_key.revealed";
    public const string VaultSecretCreated = "vault_secret.created";
    public const string VaultSecretUpdated = "vault_secret.updated";
    public const string VaultSecretDeleted = "vault_secret.deleted";
    public const string VaultSecretValueRead = "vault_secret.value_read";
    public const string UserCreated = "user.created";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string PasswordChanged = "user.password_changed";
    public const string InstanceAdminGranted = "user.instance_admin_granted";
    public const string InstanceAdminRevoked = "user.instance_admin_revoked";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationRenamed = "organization.renamed";
    public const string OrganizationRoleChanged = "organization.member_role_changed";
    public const string InvitationCreated = "organization.invitation_created";
    public const string InvitationRevoked = "organization.invitation_revoked";
    public const string InvitationAccepted = "organization.invitation_accepted";
    public const string InvitationDeclined = "organization.invitation_declined";
    public const string WorkspaceCreated = "workspace.created";
    public const string WorkspaceRenamed = "workspace.renamed";
    public const string WorkspaceDeleted = "workspace.deleted";
    public const string WorkspaceSettingsChanged = "workspace.settings_changed";
    public const string MemberRoleChanged = "workspace.member_role_changed";
    public const string MemberRemoved = "workspace.member_removed";
    public const string TaskPackageCreated = "task_package.created";
    public const string TaskPackageDeleted = "task_package.deleted";
    public const string WorkerLinked = "worker.linked";
    public const string WorkerRenamed = "worker.renamed";
    public const string WorkerDeleted = "worker.deleted";
    public const string WorkerGroupCreated = "worker_group.created";
    public const string WorkerGroupRenamed = "worker_group.renamed";
    public const string WorkerGroupDeleted = "worker_group.deleted";
    public const string WorkerGroupMemberAdded = "worker_group.member_added";
    public const string WorkerGroupMemberRemoved = "worker_group.member_removed";
    public const string LinkTokenCreated = "link_token.created";
    public const string LinkTokenUpdated = "link_token.updated";
    public const string LinkTokenDeleted = "link_token.deleted";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookTestSent = "webhook.test_sent";
    public const string WebhookDeliveryResent = "webhook.delivery_resent";
    public const string TaskPackageUploaded = "task_package.version_uploaded";
    public const string ScheduleCreated = "schedule.created";
    public const string ScheduleUpdated = "schedule.updated";
    public const string ScheduleDeleted = "schedule.deleted";
}
