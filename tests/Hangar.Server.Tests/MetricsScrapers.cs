namespace Hangar.Server.Tests;

/// <summary>The tests that read /metrics, run one after the other (see <see cref="MetricsTests"/>).</summary>
[CollectionDefinition(Name)]
public sealed class MetricsScrapers
{
    public const string Name = "Metrics";
}
