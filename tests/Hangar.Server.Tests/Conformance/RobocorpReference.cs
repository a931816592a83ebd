namespace Hangar.Server.Tests.Conformance;

/// <summary>
/// Robocorp's own OpenAPI document for its Control Room API v1, read at test time and never copied into the project.
/// It is looked for in <c>HANGAR_ROBOCORP_OPENAPI</c> (a file path), else in <c>shared/reference/</c> beside the
/// repository or beside any folder above it (the layout the project is developed in). When it is in neither place the
/// conformance tests fail and say where to put it: a missing reference must not pass as conformance.
/// </summary>
internal static class RobocorpReference
{
    public const string Variable = "HANGAR_ROBOCORP_OPENAPI";

    /// <summary>
    /// The trait of the tests that read the document: test.sh leaves them out, and says so, on a machine where the
    /// document is nowhere to be found (a clone without Robocorp's reference beside it).
    /// </summary>
    public const string Trait = "Needs";

    public const string TraitValue = "RobocorpOpenApi";
    public const string FileName = "robocorp-control-room-openapi-2023-10.json";

    private static readonly Lazy<SpecDocument> Document = new(() => SpecDocument.Parse(File.ReadAllText(Locate())));

    public static SpecDocument Load() => Document.Value;

    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"{Variable} names {configured}, which does not exist.");
        }

        var tried = new List<string>();
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "reference", FileName);
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"Robocorp's OpenAPI document ({FileName}) was not found; the conformance tests compare Hangar against it. Put it in "
            + $"shared/reference/ beside the repository or set {Variable} to its path. Looked in: {string.Join(", ", tried)}");
    }
}
