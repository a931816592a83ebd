using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Hangar.Cli.Client;

/// <summary>
/// Where client commands print. Tables fit the terminal's width (Spectre.Console); colours and styles only when stdout
/// is a terminal and <c>NO_COLOR</c> is unset. <c>--output json</c> prints the API's snake_case shapes, one document per
/// command, so scripts can rely on them.
/// </summary>
internal sealed class CommandOutput
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    public CommandOutput(OutputFormat format, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        Format = format;
        Out = stdout ?? System.Console.Out;
        Error = stderr ?? System.Console.Error;
        IsTerminal = stdout is null && !System.Console.IsOutputRedirected;
        var colours = IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colours ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        if (!IsTerminal)
        {
            // Piped output is read by programs and people's pagers: do not wrap tables at a guessed 80 columns.
            Console.Profile.Width = 200;
        }
    }

    public OutputFormat Format { get; }
    public bool IsJson => Format == OutputFormat.Json;
    public bool IsTerminal { get; }
    public TextWriter Out { get; }
    public TextWriter Error { get; }

    /// <summary>Spectre's console over stdout, for tables, progress bars, spinners and prompts.</summary>
    public IAnsiConsole Console { get; }

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Prints <paramref name="rows"/> as a table, or as JSON (<paramref name="json"/>) with <c>--output json</c>.</summary>
    public void WriteTable<T>(IReadOnlyList<T> rows, object json, params (string Header, Func<T, string?> Cell)[] columns)
    {
        if (IsJson)
        {
            WriteJson(json);
            return;
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var (header, _) in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(columns.Select(c => Markup.Escape(c.Cell(row) ?? "")).ToArray());
        }

        Console.Write(table);
    }

    /// <summary>A line for people; nothing with <c>--output json</c>, where stdout is only the JSON document.</summary>
    public void WriteLine(string text)
    {
        if (!IsJson)
        {
            Out.WriteLine(text);
        }
    }

    public void WriteError(string text) => Error.WriteLine($"hangar: {text}");
}
