namespace Hangar.Server.Ui;

/// <summary>Where the zone a page shows days and times in came from.</summary>
public enum UiTimeZoneSource
{
    /// <summary>The user chose it on their profile.</summary>
    Profile,

    /// <summary>The browser's own zone, which ui.js keeps in a cookie.</summary>
    Browser,

    /// <summary>Neither is known (yet): UTC.</summary>
    Default,
}
