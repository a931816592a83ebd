using System.Collections.Frozen;
using System.Reflection;
using Hangar.Core.Errors;

namespace Hangar.Core.Passwords;

/// <summary>
/// What a new password must be, on every surface that sets one (user creation, password changes and resets, the
/// first admin's password and <c>hangar admin reset-password</c>): at least <see cref="MinLength"/> characters, not one
/// of the ~10,000 most common passwords, and not containing the username. Each refusal has its own code.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    /// <summary>
    /// Usernames shorter than this are not looked for inside the password: a one- or two-letter name would refuse
    /// most passwords while protecting nothing.
    /// </summary>
    public const int MinUsernameLengthChecked = 3;

    private const string ListResource = "Hangar.Core.Passwords.CommonPasswords.txt";

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    /// <summary>The password when it passes every rule; otherwise a 400 refusal naming <paramref name="field"/>.</summary>
    /// <param name="password">The new password, as typed (never trimmed or changed).</param>
    /// <param name="username">The user it is for, when known.</param>
    /// <param name="field">The field name shown in the message.</param>
    public static string Check(string? password, string? username, string field = "password") =>
        Refusal(password, username, field) is { } refusal ? throw refusal : password!;

    /// <summary>Why the password is refused, or null when it passes (see <see cref="Check"/>).</summary>
    public static HangarException? Refusal(string? password, string? username, string field = "password")
    {
        if (password is null || password.Length < MinLength)
        {
            return HangarException.Invalid("password_too_short", $"'{field}' must be at least {MinLength} characters long.");
        }

        if (password.Length > MaxLength)
        {
            return HangarException.Invalid("password_too_long", $"'{field}' must be at most {MaxLength} characters long.");
        }

        if (IsCommon(password))
        {
            return HangarException.Invalid("password_too_common", $"'{field}' is one of the most common passwords; choose another one.");
        }

        if (username is { Length: >= MinUsernameLengthChecked } && password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            return HangarException.Invalid("password_contains_username", $"'{field}' must not contain the username.");
        }

        return null;
    }

    /// <summary>Whether the password is on the common-password list (case-insensitive, surrounding spaces ignored).</summary>
    public static bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Common.Value.Contains(password.Trim().ToLowerInvariant());
    }

    /// <summary>How many passwords the list holds.</summary>
    public static int CommonCount => Common.Value.Count;

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ListResource)
                           ?? throw new InvalidOperationException($"The embedded resource {ListResource} is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
