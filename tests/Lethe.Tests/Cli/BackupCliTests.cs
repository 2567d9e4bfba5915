using Lethe.Cli;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Storage.Backups;
using Lethe.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Cli;

/// <summary><c>lethe backup</c> and the restore docs/operations.md describes: a copy that Lethe opens with everything in it.</summary>
public sealed class BackupCliTests
{
    [Fact]
    public async Task A_backup_restored_into_a_new_data_folder_holds_the_same_tenants_requests_and_audit_chain()
    {
        var f = await RequestFixture.CreateAsync(DatabaseProvider.Sqlite, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5);
        await using var original = f.Db;
        var number = (string)(await f.Store.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First()[0]!;
        var request = await f.CreateAsync(RequestType.Access, new Identity("customer_number", number));
        await f.RunWorkerAsync();
        await f.ConfirmForwardedAsync(request.Request.Id);
        var before = await f.FindAsync(request.Request.Id);
        before.Request.Status.ShouldBe(RequestStatus.Completed);
        var sealedText = Protector(f.Db).Protect("ida@example.dk");
        var folder = Directory.CreateTempSubdirectory("lethe-backup-").FullName;
        var file = Path.Combine(folder, "lethe-backup.db");

        var (exit, output, err) = await CliTests.RunAsync([.. f.Db.CliOptions, "backup", "--out", file]);

        exit.ShouldBe(0, err);
        var head = System.Text.RegularExpressions.Regex.Match(output, "its audit head is (\\d+) ([0-9a-f]{64})");
        head.Success.ShouldBeTrue(output);
        output.ShouldContain(KeyRingKey.DefaultPath(f.Db.Settings.DataDirectory));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the copy holds what the database holds");
        }

        Directory.GetFiles(folder).ShouldBe([file], "one self-contained file, no -wal or partial file beside it");
        // Lethe goes on after the backup; the copy keeps the moment it was taken.
        await f.Db.AppendAuditAsync(3);

        // The restore of docs/operations.md: the copy as DATA/lethe.db, the key file back in DATA/keys.
        var restored = Path.Combine(folder, "restored");
        Directory.CreateDirectory(Path.Combine(restored, "keys"));
        File.Copy(file, Path.Combine(restored, StorageSettings.SqliteFileName));
        File.Copy(KeyRingKey.DefaultPath(f.Db.Settings.DataDirectory), KeyRingKey.DefaultPath(restored));
        await using var copy = await TestDatabase.OpenSqliteAsync(restored);

        var verify = await CliTests.RunAsync([.. copy.CliOptions, "audit", "verify", "--head", head.Groups[2].Value]);
        verify.Exit.ShouldBe(0, verify.Out);
        verify.Out.ShouldContain($"head {head.Groups[2].Value}");
        (await CliTests.RunAsync([.. copy.CliOptions, "tenants", "list"])).Out.ShouldContain(f.Tenant.Slug);
        await using (var scope = copy.Scope())
        {
            var after = await scope.ServiceProvider.GetRequiredService<RequestQueries>().FindAsync(f.Tenant, request.Request.Id, default);
            after.ShouldNotBeNull();
            after.Request.Status.ShouldBe(RequestStatus.Completed);
            after.Identities.ShouldBe(before.Identities);
            after.Steps.Select(s => (s.Datastore, s.Status)).ShouldBe(before.Steps.Select(s => (s.Datastore, s.Status)));
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.AuditEntries.IgnoreQueryFilters().CountAsync()).ShouldBe(int.Parse(head.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        Protector(copy).Unprotect(sealedText).ShouldBe("ida@example.dk", "the key file restored beside the copy opens the key ring");
    }

    [Fact]
    public async Task Without_its_key_file_a_restored_copy_cannot_open_what_the_key_ring_protected()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var sealedText = Protector(db).Protect("ida@example.dk");
        var folder = Directory.CreateTempSubdirectory("lethe-backup-").FullName;
        var file = Path.Combine(folder, "lethe.db");
        (await CliTests.RunAsync([.. db.CliOptions, "backup", "--out", file])).Exit.ShouldBe(0);

        var restored = Path.Combine(folder, "restored");
        Directory.CreateDirectory(restored);
        File.Copy(file, Path.Combine(restored, StorageSettings.SqliteFileName));
        await using var copy = await TestDatabase.OpenSqliteAsync(restored);

        Should.Throw<Exception>(() => Protector(copy).Unprotect(sealedText));
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file_and_says_so_in_one_line()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var folder = Directory.CreateTempSubdirectory("lethe-backup-").FullName;
        var file = Path.Combine(folder, "monday.db");
        await File.WriteAllTextAsync(file, "last week's backup");

        var (exit, output, err) = await CliTests.RunAsync([.. db.CliOptions, "backup", "--out", file]);

        exit.ShouldBe(LetheCli.Failed);
        output.ShouldBeEmpty();
        err.TrimEnd().ShouldBe($"lethe: '{file}' exists already; a backup never overwrites a file. Name a new file.");
        (await File.ReadAllTextAsync(file)).ShouldBe("last week's backup");
        Directory.GetFiles(folder).ShouldBe([file]);

        var nowhere = await CliTests.RunAsync([.. db.CliOptions, "backup", "--out", Path.Combine(folder, "missing", "x.db")]);
        nowhere.Exit.ShouldBe(LetheCli.Failed);
        nowhere.Err.TrimEnd().ShouldBe($"lethe: The folder '{Path.Combine(folder, "missing")}' does not exist; create it first.");

        var empty = Directory.CreateTempSubdirectory("lethe-empty-").FullName;
        var none = await CliTests.RunAsync(["backup", "--data", empty, "--out", Path.Combine(folder, "y.db")]);
        none.Exit.ShouldBe(LetheCli.Failed);
        none.Err.TrimEnd().ShouldBe($"lethe: There is no Lethe database in --data (LETHE_DATA) '{empty}' to back up.");
        File.Exists(Path.Combine(empty, StorageSettings.SqliteFileName)).ShouldBeFalse("a backup creates no database where there was none");
    }

    [Fact]
    public async Task On_postgres_backup_prints_the_pg_dump_command_without_the_password_and_exits_1()
    {
        var connection = "Host=db.internal;Port=6432;Database=lethe;Username=lethe_app;Password=s3cret it's";

        var (exit, output, err) = await CliTests.RunAsync("backup", "--database", "postgres", "--connection", connection, "--out", "/backups/lethe 1.dump");

        exit.ShouldBe(LetheCli.Failed, "no backup was written by Lethe");
        output.TrimEnd().ShouldBe("pg_dump --format=custom --no-owner '--file=/backups/lethe 1.dump' --host=db.internal --port=6432 --username=lethe_app --dbname=lethe");
        output.ShouldNotContain("s3cret");
        err.TrimEnd().ShouldNotContain("\n");
        err.ShouldContain("pg_dump");
        PostgresDump.RestoreCommand(connection, "/backups/lethe 1.dump")
            .ShouldBe("pg_restore --no-owner --exit-on-error --host=db.internal --port=6432 --username=lethe_app --dbname=lethe '/backups/lethe 1.dump'");
        PostgresDump.Quote("it's").ShouldBe("'it'\\''s'");
    }

    [Fact]
    public async Task On_postgres_the_printed_pg_dump_and_the_documented_pg_restore_give_back_the_tenants_and_the_audit_chain()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await db.CreateTenantAsync("acme");
        var head = (await CliTests.RunAsync([.. db.CliOptions, "audit", "head"])).Out.Trim().Split(' ')[1];
        var file = Path.Combine(Directory.CreateTempSubdirectory("lethe-pgdump-").FullName, "lethe.dump");

        var printed = await CliTests.RunAsync([.. db.CliOptions, "backup", "--out", file]);
        printed.Exit.ShouldBe(LetheCli.Failed);
        await ShellAsync(printed.Out.Trim(), db.Settings.ConnectionString);
        await using var restored = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);
        await ShellAsync(PostgresDump.RestoreCommand(restored.Settings.ConnectionString, file), restored.Settings.ConnectionString);

        var verify = await CliTests.RunAsync([.. restored.CliOptions, "audit", "verify", "--head", head]);
        verify.Exit.ShouldBe(0, verify.Out + verify.Err);
        (await CliTests.RunAsync([.. restored.CliOptions, "tenants", "list"])).Out.ShouldContain("acme ");
    }

    /// <summary>Runs a printed command line as an operator's shell would, the password given as libpq reads it (never on the line).</summary>
    private static async Task ShellAsync(string commandLine, string connectionString)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sh", ["-c", commandLine]) { RedirectStandardError = true, RedirectStandardOutput = true };
        if (new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{commandLine}: {await error}");
    }

    private static IDataProtector Protector(TestDatabase db) =>
        db.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Lethe.Tests.Backup");
}
