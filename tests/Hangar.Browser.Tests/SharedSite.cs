namespace Hangar.Browser.Tests;

/// <summary>All browser tests share one server and one browser; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSite : ICollectionFixture<BrowserSite>
{
    public const string Name = "site";
}
