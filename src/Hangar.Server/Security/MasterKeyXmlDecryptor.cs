using System.Xml.Linq;
using Hangar.Core.Security;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Hangar.Server.Security;

/// <summary>Reverses <see cref="MasterKeyXmlEncryptor"/>; created by the data-protection system through DI.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var key = services.GetRequiredService<MasterKey>();
        return XElement.Parse(key.DecryptString(Convert.FromBase64String(encryptedElement.Value), MasterKeyXmlEncryptor.Context));
    }
}
