namespace Hangar.Core.Domain;

/// <summary>
/// One ASP.NET Core data-protection key (it signs anti-forgery tokens), kept in the database so that every node
/// shares it; the XML is encrypted under the master key.
/// </summary>
public sealed class DataProtectionKey
{
    public required string Id { get; init; }
    public required string FriendlyName { get; init; }
    public required string Xml { get; init; }
}
