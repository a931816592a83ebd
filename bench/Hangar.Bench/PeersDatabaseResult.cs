namespace Hangar.Bench;

/// <summary>Both sides' figures on one database.</summary>
internal sealed record PeersDatabaseResult(string Database, TriggerFigures HangarTrigger, TriggerFigures HangfireTrigger, DispatchFigures HangarDispatch,
    DispatchFigures HangfireDispatch);
