namespace Hangar.Core.Stats;

/// <summary>How many of one process's runs that ended on one day fell in one duration bin.</summary>
public sealed record ProcessDayDurationRow(string ProcessId, int Day, int Bin, long Count);
