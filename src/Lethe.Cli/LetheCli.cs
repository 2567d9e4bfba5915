using System.CommandLine;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lethe.Cli;

/// <summary>The <c>lethe</c> command: serve, migrate, users, tenants, backup, audit and the rest. Errors are one line on stderr and a non-zero exit.</summary>
public static class LetheCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>Stopped by the operator (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, TextReader? input = null)
    {
        var settings = new CliSettings();
        var root = new RootCommand("Lethe: privacy operations. Without a command, 'lethe' runs 'lethe serve'.");
        settings.AddTo(root);
        var context = new CliContext(settings, output, error) { Input = input ?? Console.In };

        var serve = ServeCommand.Create(context);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(UsersCommand.Create(context));
        root.Subcommands.Add(TenantsCommand.Create(context));
        root.Subcommands.Add(BackupCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(ManifestCommand.Create(context));
        root.Subcommands.Add(SecretsCommand.Create(context));
        root.Subcommands.Add(RopaCommand.Create(context));
        root.Subcommands.Add(NoticeCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(RequestCommand.Create(context));
        root.Subcommands.Add(WorkerCommand.Create(context));
        root.Subcommands.Add(RetentionCommand.Create(context));
        root.Subcommands.Add(ScanCommand.Create(context));
        root.Subcommands.Add(BreachCommand.Create(context));
        root.Subcommands.Add(ReviewCommand.Create(context));
        foreach (var option in serve.Options)
        {
            root.Options.Add(option);
        }

        root.SetAction((parse, ct) => ServeCommand.RunAsync(context, parse, ct));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // The help of the command that was being typed: `lethe request run --help`, not the whole list.
            var path = new List<string>();
            for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            {
                path.Insert(0, result.Parent is null ? "lethe" : result.Command.Name);
            }

            await error.WriteLineAsync($"lethe: {parsed.Errors[0].Message} See '{string.Join(' ', path)} --help'.");
            return Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (DatabaseUnavailableException e)
        {
            await error.WriteLineAsync($"lethe: {e.Message}");
            return Failed;
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            // A request moved by someone else (in the console, another command) since this command read it.
            await error.WriteLineAsync("lethe: someone else changed this at the same moment, so nothing of this command was saved; look at it again and repeat the command if it still needs doing.");
            return Failed;
        }
        catch (OptionsValidationException e)
        {
            // `lethe serve` checks its settings as the host starts; every problem already names its setting.
            await error.WriteLineAsync($"lethe: {SettingProblems(e)}");
            return Failed;
        }
    }

    /// <summary>Every problem of a wrong setting, on one line.</summary>
    internal static string SettingProblems(OptionsValidationException e) => string.Join(" ", e.Failures);
}

/// <summary>What every command's action needs: the shared options and where to write.</summary>
internal sealed record CliContext(CliSettings Settings, TextWriter Output, TextWriter Error)
{
    /// <summary>Where secrets are read from: standard input, so they never sit in the shell's history or the process list.</summary>
    public TextReader Input { get; init; } = Console.In;

    /// <summary>Resolves storage and builds Lethe's core services, or writes the one-line problem and returns null.</summary>
    public async Task<ServiceProvider?> CoreServicesAsync(ParseResult parse)
    {
        var storage = Settings.Resolve(parse);
        if (!storage.Succeeded)
        {
            await Error.WriteLineAsync($"lethe: {storage.Failure.Detail}");
            return null;
        }

        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddLetheCore(storage.Value);
        // The same settings `lethe serve` reads from the environment (Lethe__Mail__SmtpHost, Lethe__Retention__…, LETHE_PUBLIC_URL).
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        var provider = services.BuildServiceProvider();
        try
        {
            // No host starts here, so the checks ValidateOnStart asked for run now, before any command acts.
            provider.GetService<IStartupValidator>()?.Validate();
            return provider;
        }
        catch (OptionsValidationException e)
        {
            await Error.WriteLineAsync($"lethe: {LetheCli.SettingProblems(e)}");
            await provider.DisposeAsync();
            return null;
        }
    }

    /// <summary>Runs <paramref name="action"/> in a migrated database, or says in one line why it cannot.</summary>
    /// <param name="warmUpTypes">Entity types the action will track, prepared on another core meanwhile (<see cref="ModelWarmUp"/>).</param>
    public async Task<int> WithDatabaseAsync(ParseResult parse, CancellationToken ct, Func<IServiceProvider, Task<int>> action, IReadOnlyList<Type>? warmUpTypes = null)
    {
        await using var services = await CoreServicesAsync(parse);
        if (services is null)
        {
            return LetheCli.Failed;
        }

        using var stopWarming = new CancellationTokenSource();
        // With one core there is nothing to do it on: it would only delay the command's own work.
        var warming = warmUpTypes is null || Environment.ProcessorCount < 2
            ? Task.CompletedTask
            : Task.Factory.StartNew(() => WarmUp(services, warmUpTypes, stopWarming.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            await DatabaseMigrator.MigrateAsync(sp.GetRequiredService<LetheDbContext>(), sp.GetRequiredService<StorageSettings>(), ct);
            return await action(sp);
        }
        finally
        {
            // The services it uses are disposed next.
            await stopWarming.CancelAsync();
            await warming;
        }
    }

    private static void WarmUp(IServiceProvider services, IReadOnlyList<Type> types, CancellationToken ct)
    {
        try
        {
            using var scope = services.CreateScope();
            ModelWarmUp.Prepare(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), types, ct);
        }
        catch (Exception)
        {
            // Only a head start: whatever failed here is built again by the command when it needs it, and a real problem
            // (a database it cannot open, a model that does not load) fails there with the command's own one-line error.
        }
    }

    /// <summary>Runs <paramref name="action"/> for the tenant named by --tenant in a migrated database, or says in one line why not.</summary>
    public Task<int> WithTenantAsync(ParseResult parse, string slug, CancellationToken ct, Func<IServiceProvider, Tenant, Task<int>> action, IReadOnlyList<Type>? warmUpTypes = null) =>
        WithDatabaseAsync(parse, ct, async sp =>
        {
            if (await sp.GetRequiredService<TenantCommands>().FindAsync(slug, ct) is not { } found)
            {
                await Error.WriteLineAsync($"lethe: --tenant '{slug}' does not exist.");
                return LetheCli.Failed;
            }

            return await action(sp, found);
        }, warmUpTypes);

    /// <summary>A failure as one line: the field messages of invalid input, or the failure's detail.</summary>
    public static string Describe(Lethe.Common.Failure failure) =>
        failure is Lethe.Common.InvalidInput invalid
            ? string.Join(" ", invalid.Errors.SelectMany(e => e.Value))
            : failure.Detail;

    public async Task<StorageSettings?> StorageAsync(ParseResult parse)
    {
        var storage = Settings.Resolve(parse);
        if (storage.Succeeded)
        {
            return storage.Value;
        }

        await Error.WriteLineAsync($"lethe: {storage.Failure.Detail}");
        return null;
    }
}
