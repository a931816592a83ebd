using System.CommandLine;
using Hangar.Client;

namespace Hangar.Cli.Client;

/// <summary>
/// Runs a client command's body with its session and output, and turns failures into one line on stderr and an exit
/// code (<see cref="ClientExitCodes"/>): the server's <c>error.code</c> for a refusal, the reason for an unreachable
/// server, the fix for a missing login.
/// </summary>
internal static class ClientCommand
{
    /// <summary>For commands that need a login: opens the session from the profile / environment first.</summary>
    public static void SetAction(Command command, Func<ClientSession, CommandOutput, ParseResult, CancellationToken, Task<int>> body) =>
        SetActionWithoutSession(command, async (output, parse, ct) =>
        {
            using var session = await ClientSession.OpenAsync(parse.GetValue(ClientOptions.Profile), ct);
            return await body(session, output, parse, ct);
        });

    /// <summary>For commands that work without a login (login itself, robot init).</summary>
    public static void SetActionWithoutSession(Command command, Func<CommandOutput, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            var output = new CommandOutput(parse.GetValue(ClientOptions.Output));
            try
            {
                return await body(output, parse, ct);
            }
            catch (ClientUsageException e)
            {
                output.WriteError(e.Message);
                return ClientExitCodes.Usage;
            }
            catch (ClientFailureException e)
            {
                output.WriteError($"{e.Code}: {e.Message}");
                return ClientExitCodes.Failed;
            }
            catch (HangarApiException e)
            {
                output.WriteError($"{e.Message}");
                return ClientExitCodes.Failed;
            }
            catch (HttpRequestException e)
            {
                output.WriteError($"the server could not be reached: {e.Message}");
                return ClientExitCodes.Failed;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                output.WriteError("cancelled.");
                return 130;
            }
        });
}
