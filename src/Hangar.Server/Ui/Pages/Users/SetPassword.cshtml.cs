using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Users;

/// <summary>
/// An organization owner sets a new password for one of their users (someone who forgot theirs), as
/// <c>PUT /api/v1/users/{id}/password</c> does: the user's sessions end and the change is audited.
/// </summary>
public sealed class SetUserPasswordModel(UserService users) : UiPage
{
    public User TargetUser { get; private set; } = null!;

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? NewPasswordAgain { get; set; }

    public async Task OnGetAsync(string id, CancellationToken ct) => TargetUser = await users.GetManagedAsync(Caller, Validate.Id(id, "The user"), ct);

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        TargetUser = await users.GetManagedAsync(Caller, Validate.Id(id, "The user"), ct);
        try
        {
            if (!string.Equals(NewPassword, NewPasswordAgain, StringComparison.Ordinal))
            {
                throw HangarException.Invalid("passwords_differ", "The two new passwords are not the same.");
            }

            await users.SetPasswordAsync(Caller, TargetUser.Id, NewPassword, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            NewPassword = NewPasswordAgain = null;
            return FormError(ex);
        }

        Notice = $"New password set for “{TargetUser.Username}”; their sessions were ended. Tell them the new password in a safe way.";
        return LocalRedirect("/users");
    }
}
