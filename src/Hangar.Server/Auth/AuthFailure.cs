namespace Hangar.Server.Auth;

/// <summary>Why a presented credential was refused; kept on the request so that the 401 can say so.</summary>
public sealed record AuthFailure(string Code, string Message, int Status = 401, int? RetryAfterSeconds = null)
{
    private const string ItemKey = "hangar.auth_failure";

    public static void Set(HttpContext context, AuthFailure failure) => context.Items[ItemKey] = failure;

    public static AuthFailure? Get(HttpContext context) => context.Items.TryGetValue(ItemKey, out var v) ? v as AuthFailure : null;
}
