using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Invitations;
using Hangar.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfInvitationStore(HangarDbContext db) : IInvitationStore
{
    public async Task AddAsync(OrganizationInvitation invitation, CancellationToken ct)
    {
        db.OrganizationInvitations.Add(invitation);
        await db.SaveOrConflictAsync(() => HangarException.Conflict("already_invited", "The user has a pending invitation to the organization already."), ct);
    }

    public Task<OrganizationInvitation?> FindAsync(string id, CancellationToken ct) =>
        WithNames().FirstOrDefaultAsync(i => i.Id == id, ct);

    public Task<OrganizationInvitation?> FindForAsync(string organizationId, string userId, CancellationToken ct) =>
        WithNames().FirstOrDefaultAsync(i => i.OrganizationId == organizationId && i.UserId == userId, ct);

    public Task<Page<OrganizationInvitation>> ListForOrganizationAsync(string organizationId, DateTimeOffset now, PageRequest page, CancellationToken ct) =>
        WithNames().Where(i => i.OrganizationId == organizationId && i.ExpiresAt > now).ToKeysetPageAsync(i => i.Id, page, ct);

    public Task<Page<OrganizationInvitation>> ListForUserAsync(string userId, DateTimeOffset now, PageRequest page, CancellationToken ct) =>
        WithNames().Where(i => i.UserId == userId && i.ExpiresAt > now).ToKeysetPageAsync(i => i.Id, page, ct);

    public Task<int> CountForUserAsync(string userId, DateTimeOffset now, CancellationToken ct) =>
        db.OrganizationInvitations.CountAsync(i => i.UserId == userId && i.ExpiresAt > now, ct);

    public Task<int> CountForOrganizationAsync(string organizationId, DateTimeOffset now, CancellationToken ct) =>
        db.OrganizationInvitations.CountAsync(i => i.OrganizationId == organizationId && i.ExpiresAt > now, ct);

    public async Task<bool> DeleteAsync(OrganizationInvitation invitation, CancellationToken ct) =>
        await db.OrganizationInvitations.Where(i => i.Id == invitation.Id).ExecuteDeleteAsync(ct) == 1;

    public async Task<bool> AcceptAsync(OrganizationInvitation invitation, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the row still being there: of an accept racing a revoke (or a second accept), exactly one wins.
        if (await db.OrganizationInvitations.Where(i => i.Id == invitation.Id).ExecuteDeleteAsync(ct) != 1)
        {
            return false;
        }

        if (!await db.OrganizationMembers.AnyAsync(m => m.OrganizationId == invitation.OrganizationId && m.UserId == invitation.UserId, ct))
        {
            db.OrganizationMembers.Add(new OrganizationMember
            {
                OrganizationId = invitation.OrganizationId, UserId = invitation.UserId, Role = invitation.Role, CreatedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // Added directly meanwhile: they are a member, which is what accepting asked for; their role stays.
                db.ChangeTracker.Clear();
            }
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct) =>
        db.OrganizationInvitations.Where(i => i.ExpiresAt <= now).ExecuteDeleteAsync(ct);

    private IQueryable<OrganizationInvitation> WithNames() =>
        db.OrganizationInvitations.AsNoTracking().Include(i => i.Organization).Include(i => i.User);
}
