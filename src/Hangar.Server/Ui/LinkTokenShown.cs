namespace Hangar.Server.Ui;

/// <summary>A link token just created, as the page that created it shows it once: its value and the command that uses it.</summary>
/// <param name="Value">The token (<c>hgl_...</c>).</param>
/// <param name="ExpiresAt">When it stops working; null: never.</param>
/// <param name="Reusable">Group tokens link any number of workers; workspace tokens one.</param>
/// <param name="ServerUrl">This server's URL as the browser reached it, for the worker's <c>--server</c>.</param>
public sealed record LinkTokenShown(string Value, DateTimeOffset? ExpiresAt, bool Reusable, string ServerUrl)
{
    public string Command => $"hangar worker link {Value} --name \"$(hostname)\" --server {ServerUrl}";
}
