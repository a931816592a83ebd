namespace Hangar.Core.Runs;

/// <summary>What <c>POST .../work-items/batch</c> does to the listed items.</summary>
public enum BatchOperation
{
    Retry,
    Delete,
    MarkAsDone,
}
