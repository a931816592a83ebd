using Hangar.Core;
using System.CommandLine;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Hosting;
using Hangar.Storage;
using Hangar.Storage.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hangar.Cli;

/// <summary>
/// <c>hangar admin</c>: recovery and automation commands that work on the database directly, with no server
/// running (they use the same data directory, database and master key as <c>hangar serve</c>).
/// </summary>
internal static class AdminCommands
{
    private static readonly Option<string> User = new("--user") { Description = "The user name.", Required = true };

    private static readonly Option<string?> Password = new("--password")
    {
        Description = "The new password (12+ characters, not a common password, not containing the user name). "
                      + "Without it a strong one is generated and printed.",
    };

    private static readonly Option<bool> Remove = new("--remove")
    {
        Description = "Unmake the instance administrator instead of making one.",
    };

    public static Command Create()
    {
        var admin = new Command("admin", "Administration commands that work offline against the server's database.");
        var reset = new Command("reset-password", "Set a user's password (and enable the user), ending their sessions.")
        {
            User, Password, CliOptions.DataDir, CliOptions.Database,
        };
        reset.SetAction(ResetPasswordAsync);
        admin.Subcommands.Add(reset);
        var instanceAdmin = new Command("instance-admin",
            "Make a user an instance administrator (manages every account, adds any user to any organization), or unmake one with --remove.")
        {
            User, Remove, CliOptions.DataDir, CliOptions.Database,
        };
        instanceAdmin.SetAction(InstanceAdminAsync);
        admin.Subcommands.Add(instanceAdmin);
        admin.Subcommands.Add(CreateApiKeyCommand.Create());
        admin.Subcommands.Add(MigrateBlobsCommand.Create());
        admin.Subcommands.Add(RebuildStatsCommand.Create());
        var compact = new Command("compact",
            "SQLite: switch the database to incremental vacuum (a one-time VACUUM that rewrites the file) so that the space of "
            + "deleted runs goes back to the file system. Run it while the server is stopped.")
        {
            CliOptions.DataDir, CliOptions.Database,
        };
        compact.SetAction(CompactAsync);
        admin.Subcommands.Add(compact);
        var migrate = new Command("migrate",
            "Bring the database schema up to this Hangar's version (what 'hangar serve' does when it starts), then exit. "
            + "Refuses a database whose schema is newer than this Hangar.")
        {
            CliOptions.DataDir, CliOptions.Database,
        };
        migrate.SetAction(MigrateAsync);
        admin.Subcommands.Add(migrate);
        admin.Subcommands.Add(BackupCommand.Create());
        admin.Subcommands.Add(RestoreCommand.Create());
        return admin;
    }

    /// <summary>Runs <paramref name="action"/> in a scope over the configured, migrated database.</summary>
    internal static Task<int> WithServicesAsync(ParseResult parse, Func<IServiceProvider, Task<int>> action, CancellationToken ct) =>
        WithServicesAsync(parse, action, migrate: true, ct);

    private static async Task<int> WithServicesAsync(ParseResult parse, Func<IServiceProvider, Task<int>> action, bool migrate, CancellationToken ct)
    {
        var options = CliOptions.Load(parse);
        if (CliOptions.Invalid(options))
        {
            return ExitCodes.BadConfiguration;
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(MasterKeyLoader.Load(options));
        services.AddHangarStorage(options.DatabaseSettings);
        services.AddHangarCore();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        try
        {
            if (migrate)
            {
                await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<HangarDbContext>(), options.DatabaseSettings, ct);
            }

            return await action(scope.ServiceProvider);
        }
        catch (DatabaseStartupException ex)
        {
            await Console.Error.WriteLineAsync($"hangar: {ex.Message}");
            return ExitCodes.DatabaseUnavailable;
        }
        catch (HangarException ex)
        {
            await Console.Error.WriteLineAsync($"hangar: {ex.Message} ({ex.Code})");
            return ExitCodes.Failed;
        }
    }

    private static Task<int> ResetPasswordAsync(ParseResult parse, CancellationToken ct) =>
        WithServicesAsync(parse, async services =>
        {
            var username = parse.GetValue(User)!.Trim().ToLowerInvariant();
            var user = await services.GetRequiredService<IAccountStore>().FindUserByUsernameAsync(username, ct);
            if (user is null)
            {
                await Console.Error.WriteLineAsync($"hangar: there is no user '{username}'.");
                return ExitCodes.Failed;
            }

            var given = parse.GetValue(Password);
            var password = given ?? Bootstrapper.GeneratePassword(user.Username);
            var users = services.GetRequiredService<UserService>();
            var system = Caller.System();
            await users.SetPasswordAsync(system, user.Id, password, ct);
            if (user.IsDisabled)
            {
                await users.SetDisabledAsync(system, user.Id, false, ct);
            }

            Console.WriteLine(given is null
                ? $"Password of '{user.Username}' set to: {password}"
                : $"Password of '{user.Username}' set.");
            return ExitCodes.Ok;
        }, ct);

    private static Task<int> MigrateAsync(ParseResult parse, CancellationToken ct) =>
        WithServicesAsync(parse, async services =>
        {
            var db = services.GetRequiredService<HangarDbContext>();
            var settings = services.GetRequiredService<DatabaseSettings>();
            var pending = await DatabaseMigrator.PendingMigrationsAsync(db, settings, ct);
            await DatabaseMigrator.MigrateAsync(db, settings, ct);
            Console.WriteLine(pending.Count == 0
                ? $"The schema of {settings.Describe()} is up to date; nothing to do."
                : $"Applied {pending.Count} migrations to {settings.Describe()}: {string.Join(", ", pending)}.");
            return ExitCodes.Ok;
        }, migrate: false, ct);

    private static Task<int> CompactAsync(ParseResult parse, CancellationToken ct) =>
        WithServicesAsync(parse, async services =>
        {
            var settings = services.GetRequiredService<DatabaseSettings>();
            var (state, bytes) = await SqliteSpace.EnableIncrementalVacuumAsync(services.GetRequiredService<HangarDbContext>(), settings, long.MaxValue, ct);
            long freed = 0;
            if (state == IncrementalVacuumState.AlreadyOn)
            {
                // Give back whatever is free now (retention does so after each batch anyway).
                var store = services.GetRequiredService<Core.Retention.IRetentionStore>();
                for (long step; (step = await store.ReclaimSpaceAsync(Core.Retention.RetentionLimits.PagesPerReclaim, ct)) > 0;)
                {
                    freed += step;
                }
            }

            Console.WriteLine(state switch
            {
                IncrementalVacuumState.NotSqlite => "PostgreSQL reuses the space of deleted rows by itself (autovacuum); there is nothing to compact.",
                IncrementalVacuumState.AlreadyOn => $"The database already gives freed space back; {freed} free pages were given back now.",
                _ => $"The database was rewritten ({bytes / (1024 * 1024)} MiB now) and gives freed space back from now on.",
            });
            return ExitCodes.Ok;
        }, ct);

    private static Task<int> InstanceAdminAsync(ParseResult parse, CancellationToken ct) =>
        WithServicesAsync(parse, async services =>
        {
            var username = parse.GetValue(User)!.Trim().ToLowerInvariant();
            var user = await services.GetRequiredService<IAccountStore>().FindUserByUsernameAsync(username, ct);
            if (user is null)
            {
                await Console.Error.WriteLineAsync($"hangar: there is no user '{username}'.");
                return ExitCodes.Failed;
            }

            var make = !parse.GetValue(Remove);
            await services.GetRequiredService<UserService>().SetInstanceAdminAsync(Caller.System(), user.Id, make, ct);
            Console.WriteLine(make
                ? $"'{user.Username}' is an instance administrator."
                : $"'{user.Username}' is no longer an instance administrator.");
            return ExitCodes.Ok;
        }, ct);
}
