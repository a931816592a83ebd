namespace Hangar.Core.Security;

public enum CallerKind
{
    /// <summary>A person signed in with a session (UI cookie).</summary>
    User,

    /// <summary>A workspace API key (<c>RC-WSKEY</c>).</summary>
    ApiKey,

    /// <summary>A short-lived token vended to a user's access credential (rcc and other tools).</summary>
    UserToken,

    /// <summary>A request signed with a user's access credential (<c>robocloud-hmac</c>): only the token vendor accepts it.</summary>
    AccessCredential,

    /// <summary>The deprecated per-process secret: it may only start runs of its own process.</summary>
    ProcessSecret,

    /// <summary>
    /// A robot's run token (<c>hgr_</c>): bound to one step run, valid while it is in progress, and only for the runtime
    /// surfaces (work items of its run, vault, assets).
    /// </summary>
    RunToken,

    /// <summary>A linked worker's credential (<c>hgw_</c>): only the worker protocol (<c>/worker-v1</c>) accepts it.</summary>
    Worker,

    /// <summary>The <c>hangar admin</c> command on the server's own machine.</summary>
    System,

    /// <summary>Nobody known: used only to attribute audit entries such as bursts of failed sign-ins.</summary>
    Anonymous,
}
