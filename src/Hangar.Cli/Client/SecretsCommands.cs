using System.CommandLine;
using System.Net;
using System.Text.Json;
using Hangar.Client;
using Hangar.Contracts.V1;
using Spectre.Console;

namespace Hangar.Cli.Client;

/// <summary>
/// <c>hangar secrets list|set|delete</c>: the workspace vault. Values never come from the command line (it lands in
/// shell history and in other users' process lists): <c>set</c> reads them from stdin, or asks for them without echo.
/// </summary>
internal static class SecretsCommands
{
    /// <summary>What <c>set</c> reads from stdin at most (the server's own limit on a value is 64 KiB of JSON).</summary>
    private const int MaxInputChars = 256 * 1024;

    private static readonly Argument<string> Name = new("name") { Description = "The secret's name (robots find it by name)." };

    private static readonly Option<string?> Description = new("--description") { Description = "What the secret is for (kept when omitted)." };

    public static Command Create()
    {
        var secrets = new Command("secrets", """
            The workspace vault's secrets (workspace admins and developers).

            Examples:
              hangar secrets list
              printf 'username=robot\npassword=%s\n' "$CRM_PASSWORD" | hangar secrets set crm
              cat crm.json | hangar secrets set crm
              hangar secrets set crm
              hangar secrets delete crm
            """);
        ClientOptions.AddTo(secrets);

        var list = new Command("list", "List the secrets: names, descriptions and key names, never values.");
        ClientCommand.SetAction(list, ListAsync);
        secrets.Subcommands.Add(list);

        var set = new Command("set", """
            Create a secret, or replace its whole value. The value is read from stdin, as a JSON object
            ({"username": "robot", "password": "..."}) or as key=value lines; on a terminal, hangar asks for each
            key and its value (not echoed). Never give values as arguments.
            """) { Name, Description };
        ClientCommand.SetAction(set, SetAsync);
        secrets.Subcommands.Add(set);

        var delete = new Command("delete", "Delete a secret.") { Name };
        ClientCommand.SetAction(delete, DeleteAsync);
        secrets.Subcommands.Add(delete);
        return secrets;
    }

    private static async Task<int> ListAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var list = new List<VaultSecretResponse>();
        await foreach (var secret in session.Client.ListSecretsAsync(session.WorkspaceId, ct))
        {
            list.Add(secret);
        }

        output.WriteTable(list, list,
            ("NAME", s => s.Name),
            ("KEYS", s => s.Keys is null ? "(cannot be read)" : string.Join(", ", s.Keys)),
            ("DESCRIPTION", s => s.Description),
            ("UPDATED", s => s.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)));
        return ClientExitCodes.Ok;
    }

    private static async Task<int> SetAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var name = parse.GetValue(Name)!;
        var description = parse.GetValue(Description);
        var value = Console.IsInputRedirected ? Parse(await ReadInputAsync(ct)) : Prompt(output, name);
        VaultSecretResponse secret;
        string done;
        try
        {
            secret = await session.Client.ReplaceSecretValueAsync(session.WorkspaceId, name, value, description, ct);
            done = "Replaced the value of";
        }
        catch (HangarApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            secret = await session.Client.CreateSecretAsync(session.WorkspaceId, name, value, description, ct);
            done = "Created";
        }

        if (output.IsJson)
        {
            output.WriteJson(secret);
        }
        else
        {
            output.WriteLine($"{done} secret '{secret.Name}' (keys: {string.Join(", ", secret.Keys ?? [])}).");
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var deleted = await session.Client.DeleteSecretAsync(session.WorkspaceId, parse.GetValue(Name)!, ct);
        if (output.IsJson)
        {
            output.WriteJson(deleted);
        }
        else
        {
            output.WriteLine($"Deleted secret '{parse.GetValue(Name)}' ({deleted.Id}).");
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<string> ReadInputAsync(CancellationToken ct)
    {
        var buffer = new char[MaxInputChars + 1];
        var read = 0;
        var stdin = Console.In;
        while (read < buffer.Length)
        {
            var n = await stdin.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read > MaxInputChars)
        {
            throw new ClientUsageException($"The value on stdin is larger than {MaxInputChars / 1024} KiB.");
        }

        return new string(buffer, 0, read);
    }

    /// <summary>A JSON object of string values, or key=value lines (blank lines and lines starting with # are skipped).</summary>
    internal static Dictionary<string, string> Parse(string text)
    {
        var value = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        throw new ClientUsageException($"The value of '{property.Name}' is not a string: a secret's values are strings.");
                    }

                    value[property.Name] = property.Value.GetString()!;
                }
            }
            catch (JsonException e)
            {
                // The message names the position only, never the text: the input holds secrets.
                throw new ClientUsageException($"stdin is not a valid JSON object (line {e.LineNumber + 1}).");
            }
        }
        else
        {
            var number = 0;
            foreach (var raw in text.Split('\n'))
            {
                number++;
                var line = raw.TrimEnd('\r');
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new ClientUsageException($"Line {number} of stdin is not key=value.");
                }

                value[line[..equals].Trim()] = line[(equals + 1)..];
            }
        }

        return value.Count > 0 ? value : throw new ClientUsageException("stdin holds no key: give a JSON object or key=value lines.");
    }

    /// <summary>Asks for keys and their values on the terminal, values not echoed, until an empty key.</summary>
    private static Dictionary<string, string> Prompt(CommandOutput output, string name)
    {
        if (!output.IsTerminal)
        {
            throw new ClientUsageException("Give the value on stdin (a JSON object or key=value lines), or run on a terminal to be asked for it.");
        }

        output.Console.MarkupLine($"Secret [bold]{Markup.Escape(name)}[/]: give its keys and values; an empty key ends.");
        var value = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var key = output.Console.Prompt(new TextPrompt<string>("Key:").AllowEmpty());
            if (string.IsNullOrWhiteSpace(key))
            {
                break;
            }

            value[key.Trim()] = output.Console.Prompt(new TextPrompt<string>($"Value of {Markup.Escape(key.Trim())}:").Secret(null).AllowEmpty());
        }

        return value.Count > 0 ? value : throw new ClientUsageException("No key given; nothing was changed.");
    }
}
