using System.Security.Cryptography;
using System.Text;
using Hangar.Core.Security;

namespace Hangar.Core.EmailTriggers;

/// <summary>
/// Trigger addresses: <c>&lt;process name&gt;.&lt;token&gt;@&lt;mail domain&gt;</c>. The token (26 base-32 characters, 130
/// bits) is what makes an address unguessable; the name part only tells people which process it is.
/// </summary>
public static class EmailAddresses
{
    private const string TokenAlphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int TokenLength = 26;
    private const int MaxNameLength = 24;

    /// <summary>The longest local part SMTP allows (RFC 5321).</summary>
    public const int MaxLocalPartLength = 64;

    public static string NewLocalPart(string processName)
    {
        var slug = new StringBuilder();
        foreach (var c in (processName ?? string.Empty).ToLowerInvariant())
        {
            if (slug.Length >= MaxNameLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var name = slug.ToString().Trim('-');
        return $"{(name.Length == 0 ? "process" : name)}.{RandomNumberGenerator.GetString(TokenAlphabet, TokenLength)}";
    }

    /// <summary>The lookup hash of a local part: mail systems may change its case, so it is compared lower-case.</summary>
    public static string Hash(string localPart) => SecretHashing.Sha256Hex(localPart.ToLowerInvariant());

    /// <summary>Splits <c>local@domain</c> at its last <c>@</c>; false when it is not of that shape.</summary>
    public static bool TrySplit(string address, out string localPart, out string domain)
    {
        var at = address.LastIndexOf('@');
        localPart = at > 0 ? address[..at] : string.Empty;
        domain = at > 0 ? address[(at + 1)..] : string.Empty;
        return at > 0 && domain.Length > 0;
    }
}
