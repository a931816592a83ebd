using Hangar.Core.Domain;
using Hangar.Core.Passwords;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// First start on an empty database: organization <c>Default</c>, workspace <c>Default</c> and user <c>admin</c>.
/// It runs only while no organization exists, so a later start never creates or resets anything.
/// </summary>
public sealed class Bootstrapper(IAccountStore accounts, TimeProvider time)
{
    public const string AdminUsername = "admin";

    /// <returns>Null when the database was already set up; else what was created and the admin's password
    /// when it was generated (it is shown once and stored only as a hash).</returns>
    public async Task<BootstrapResult?> EnsureAsync(string? adminPassword, CancellationToken ct)
    {
        if (await accounts.AnyOrganizationAsync(ct))
        {
            return null;
        }

        var generated = string.IsNullOrEmpty(adminPassword);
        var password = generated ? GeneratePassword(AdminUsername) : PasswordPolicy.Check(adminPassword, AdminUsername, "HANGAR_ADMIN_PASSWORD");
        var now = time.GetUtcNow();
        var organization = new Organization { Id = Ids.New(), Name = "Default", CreatedAt = now };
        var workspace = new Workspace { Id = Ids.New(), OrganizationId = organization.Id, Name = "Default", CreatedAt = now };
        var admin = new User
        {
            Id = Ids.New(),
            Username = AdminUsername,
            DisplayName = "Administrator",
            PasswordHash = PasswordHashing.Hash(password),
            IsInstanceAdmin = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await accounts.BootstrapAsync(organization, workspace, admin, ct);
        return new BootstrapResult(organization, workspace, admin, generated ? password : null);
    }

    /// <summary>A random password of 20 characters (about 119 bits) that passes <see cref="PasswordPolicy"/> for <paramref name="username"/>.</summary>
    public static string GeneratePassword(string username)
    {
        // A random string is practically never common nor holds the name, but the rule is the rule.
        string password;
        do
        {
            password = SecretTokens.New(string.Empty, 20);
        }
        while (PasswordPolicy.Refusal(password, username) is not null);

        return password;
    }
}
