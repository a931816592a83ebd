using Hangar.Core.Domain;

namespace Hangar.Core.Runs;

/// <summary>
/// The id and files of a trigger's one input item, made before the run is written (the email trigger stores the
/// message's attachments first): the files' rows are written in the run's own transaction, so a run is never seen
/// without them and a refused start leaves no rows behind.
/// </summary>
/// <param name="Id">The input item's id, which the files' blob keys and rows already name.</param>
/// <param name="Files">The item's files (their blobs are stored already).</param>
public sealed record PreparedInputItem(string Id, IReadOnlyList<WorkItemFile> Files);
