using System.Xml.Linq;
using Hangar.Core.Security;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Hangar.Server.Security;

/// <summary>Encrypts data-protection keys at rest with the master key (AES-256-GCM).</summary>
internal sealed class MasterKeyXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    internal const string Context = "data-protection";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var sealedXml = key.EncryptString(plaintextElement.ToString(SaveOptions.DisableFormatting), Context);
        var element = new XElement("encryptedKey", new XAttribute("scheme", "hangar-master-key-v1"), Convert.ToBase64String(sealedXml));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}
