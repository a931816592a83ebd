namespace Hangar.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadConfiguration = 2;
    public const int DatabaseUnavailable = 3;
}
