namespace Hangar.Cli.Client;

/// <summary>How client commands print their results.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
