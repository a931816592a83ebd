namespace Hangar.Server.Ui;

/// <summary>What the error page shows: the status, the stable error code and the message the API would give.</summary>
public sealed record UiError(int Status, string Code, string Message)
{
    public string Title => Status switch
    {
        400 => "Check what was asked",
        404 => "Not found",
        403 => "Not allowed",
        409 => "Conflict",
        _ => "Something went wrong",
    };
}
