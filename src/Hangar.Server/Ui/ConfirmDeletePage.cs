using Hangar.Core.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui;

/// <summary>
/// Base of the pages that ask before deleting something: GET shows the question and what follows from it, POST
/// deletes and returns to the list with a notice. Both check the permission and load the thing first, so an unknown id
/// or a missing permission is refused before anything is shown or changed. The view is Shared/_ConfirmDelete.
/// </summary>
public abstract class ConfirmDeletePage : UiPage
{
    /// <summary>The workspace toolbar tab the page belongs to.</summary>
    protected abstract string Tab { get; }

    /// <summary>The permission the matching API route needs.</summary>
    protected abstract string Permission { get; }

    /// <summary>The list the thing is in ("Robots", its URL), shown in the breadcrumb and returned to afterwards.</summary>
    public abstract (string Label, string Url) List { get; }

    /// <summary>The thing's own page, if it has one (the breadcrumb links it and Cancel goes back there).</summary>
    public virtual string? ThingUrl => null;

    public abstract string ThingName { get; }

    /// <summary>The question, e.g. "Delete robot “Invoices”?".</summary>
    public abstract string Question { get; }

    /// <summary>What deleting it does, said before it is done.</summary>
    public abstract string Consequence { get; }

    public virtual string Verb => "Delete";

    protected abstract string DoneNotice { get; }

    protected abstract Task LoadAsync(string id, CancellationToken ct);

    protected abstract Task DeleteAsync(CancellationToken ct);

    /// <summary>Who may delete: by default whoever holds <see cref="Permission"/>.</summary>
    protected virtual void Authorize() => Require(Permission);

    public Task OnGetAsync(string id, CancellationToken ct) => PrepareAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        await PrepareAsync(id, ct);
        try
        {
            await DeleteAsync(ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Conflict)
        {
            return FormError(ex);
        }

        Notice = DoneNotice;
        return LocalRedirect(List.Url);
    }

    private Task PrepareAsync(string id, CancellationToken ct)
    {
        Chrome.ActiveTab = Tab;
        Authorize();
        return LoadAsync(id, ct);
    }
}
