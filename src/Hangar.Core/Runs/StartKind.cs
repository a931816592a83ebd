namespace Hangar.Core.Runs;

/// <summary>What a trigger starts a run with (Robocorp's start-run body <c>type</c>).</summary>
public enum StartKind
{
    /// <summary>One input item with the process's default payload, or with none.</summary>
    Default,

    /// <summary>One input item per given payload.</summary>
    WithPayloads,

    /// <summary>Given items waiting in the process's input queue.</summary>
    WithWorkItemIds,

    /// <summary>Every item waiting in the process's input queue.</summary>
    WithInputs,
}
