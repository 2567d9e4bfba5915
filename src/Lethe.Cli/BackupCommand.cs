using System.CommandLine;
using Lethe.Storage;
using Lethe.Storage.Backups;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe backup --out FILE</c>: a consistent copy of the embedded SQLite database, taken while servers run. On
/// PostgreSQL it prints the <c>pg_dump</c> command instead, and exits 1 because it wrote no backup itself.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out")
        {
            Description = "The backup file to write; it must not exist (a backup never overwrites one).",
            Required = true,
        };
        var command = new Command("backup", "Copy Lethe's database to a new file while servers run (SQLite); print the pg_dump command (PostgreSQL).") { output };
        command.SetAction(async (parse, ct) =>
        {
            if (await context.StorageAsync(parse) is not { } storage)
            {
                return LetheCli.Failed;
            }

            var file = parse.GetValue(output)!;
            if (storage.Provider == DatabaseProvider.Postgres)
            {
                await context.Output.WriteLineAsync(PostgresDump.DumpCommand(storage.ConnectionString, file));
                await context.Error.WriteLineAsync(
                    "lethe: Lethe does not copy a PostgreSQL database itself; run the pg_dump command printed above (docs/operations.md).");
                return LetheCli.Failed;
            }

            var written = await SqliteBackup.WriteAsync(storage, file, ct);
            if (!written.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(written.Failure)}");
                return LetheCli.Failed;
            }

            var b = written.Value;
            await context.Output.WriteLineAsync(b.AuditSequence is { } sequence
                ? $"Backed up {storage.DataDirectory} to {b.Path} ({b.Bytes:N0} bytes); its audit head is {sequence} {b.AuditHash}."
                : $"Backed up {storage.DataDirectory} to {b.Path} ({b.Bytes:N0} bytes); its audit log is empty.");
            await context.Output.WriteLineAsync(
                $"Keep the key file {KeyFile(storage)} too, stored apart from the backup: without it the restored key ring cannot be opened.");
            return LetheCli.Ok;
        });
        return command;
    }

    /// <summary>Where the key ring's key file is, as <c>lethe serve</c> would find it.</summary>
    private static string KeyFile(StorageSettings storage) =>
        CliSettings.Env("Lethe__KeyFile") is { } configured ? Path.GetFullPath(configured) : KeyRingKey.DefaultPath(storage.DataDirectory);
}
