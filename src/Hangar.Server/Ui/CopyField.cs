namespace Hangar.Server.Ui;

/// <summary>A value shown in a labelled read-only field with a Copy button (Shared/_CopyField): secrets shown once, commands.</summary>
/// <param name="Id">The input's id, unique on the page.</param>
/// <param name="Label">The field's label, its accessible name.</param>
/// <param name="CopyLabel">The Copy button's accessible name when a page shows several fields; null for plain "Copy".</param>
public sealed record CopyField(string Id, string Label, string Value, string? CopyLabel = null);
