using Lethe.Accounts;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Notices;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Lethe.FirstRun;

/// <summary>What first run created; the password is printed once to the operator's terminal and never logged.</summary>
public sealed record FirstRunResult(string AdminEmail, string? OneTimePassword, Tenant DemoTenant)
{
    /// <summary>
    /// Where a new user goes first, in the order they need it: the console to sign in, the demo's privacy centre and
    /// notice as a data subject sees them, the API description, and the health check an operator's monitor polls.
    /// A wildcard listening address (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) is shown as <c>localhost</c>, which a browser can open.
    /// </summary>
    public IReadOnlyList<(string What, string Address)> Addresses(string listeningUrl)
    {
        var root = Browsable(listeningUrl).TrimEnd('/');
        var slug = DemoTenant.Slug;
        return
        [
            ("Console (sign in)", $"{root}/signin"),
            ("Privacy centre of the demo tenant", $"{root}/p/{slug}"),
            ("Privacy notice of the demo tenant", $"{root}/p/{slug}/privacy"),
            ("API reference", $"{root}/openapi/reference"),
            ("API description (OpenAPI)", $"{root}/openapi/v1.json"),
            ("Health", $"{root}/health/ready"),
        ];
    }

    private static string Browsable(string url)
    {
        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://+", "://*" })
        {
            if (url.Contains(wildcard, StringComparison.Ordinal))
            {
                return url.Replace(wildcard, "://localhost", StringComparison.Ordinal);
            }
        }

        return url;
    }
}

/// <summary>On an empty database: a demo tenant and a platform admin, so a new user reaches a working console at once.</summary>
public sealed class FirstRunSetup(
    LetheDbContext db, UserManager<LetheUser> users, UserCommands userCommands, TenantCommands tenants, DataMapCommands dataMap,
    NoticeCommands notices, StorageSettings storage)
{
    /// <summary>People in each demo datastore: enough for a realistic retention plan, few enough to build in a second.</summary>
    public const int DemoPeople = 40;

    public const string AdminEmail = "admin@lethe.local";

    /// <param name="adminPassword">From LETHE_ADMIN_PASSWORD; when null a one-time password is generated and must be changed at first sign-in.</param>
    /// <exception cref="OptionsValidationException">LETHE_ADMIN_PASSWORD breaks the password rules; nothing was created.</exception>
    public async Task<FirstRunResult?> RunIfEmptyAsync(string? adminPassword, CancellationToken cancellationToken)
    {
        if (await AnyUserAsync(cancellationToken))
        {
            return null;
        }

        // A wrong setting is refused before anything is written, so the operator fixes it and starts again on a database
        // that is still empty.
        if (adminPassword is not null && await PasswordProblemAsync(adminPassword) is { } problem)
        {
            throw new OptionsValidationException("LETHE_ADMIN_PASSWORD", typeof(FirstRunSetup), [$"LETHE_ADMIN_PASSWORD is not accepted: {problem}"]);
        }

        // All or nothing: "a user exists" is what marks the first run done, so a run that stopped half-way for any other
        // reason (a crash, a lost connection, a full disk) must leave no tenant or user behind, or the next start would
        // either skip it — an admin whose password was never shown — or trip over its own demo tenant. Rolled back, the
        // database is empty again and the next start simply runs the first run anew; the demo's SQLite files outside
        // the database are rebuilt from scratch then. Nothing in here may open a second connection to Lethe's database
        // while the transaction holds SQLite's write lock (the reason the password is not set through a reset token,
        // whose data protection key ring would be written through another connection).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await CreateAsync(adminPassword, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Whether anyone has an account, by plain SQL: every server start asks, and EF Core's first LINQ query would first
    /// build the relational model the compiled model does not hold (0.2 s of a warm start; the server builds it once it
    /// is ready, see Lethe.Web's WarmUpHost).
    /// </summary>
    private async Task<bool> AnyUserAsync(CancellationToken cancellationToken)
    {
        var users = db.Model.FindEntityType(typeof(LetheUser))!;
        var table = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(users.GetTableName()!, users.GetSchema());
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table})";
            return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <returns>Why the password rules refuse <paramref name="password"/>, or null when they accept it.</returns>
    private async Task<string?> PasswordProblemAsync(string password)
    {
        var candidate = new LetheUser { UserName = AdminEmail, Email = AdminEmail };
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, candidate, password);
            errors.AddRange(checkedPassword.Errors.Select(e => e.Description));
        }

        return errors.Count == 0 ? null : string.Join(" ", errors);
    }

    private async Task<FirstRunResult> CreateAsync(string? adminPassword, CancellationToken cancellationToken)
    {
        var actor = AuditActor.System;
        // Seed 001's controller: the demo tenant mirrors a real Danish SaaS vendor's privacy policy.
        var demo = await tenants.CreateAsync(Access.Operator, actor, new TenantInput
        {
            Slug = "flex4business",
            Name = "Flex4Business ApS (demo)",
            Country = "DK",
            RegistrationNumber = "42497762",
            Address = "Nåleskovvej 3, 4291 Ruds Vedby",
            ContactEmail = "privacy@flex4business.example",
        }, cancellationToken);
        if (!demo.Succeeded)
        {
            throw new InvalidOperationException($"The demo tenant could not be created: {demo.Failure}");
        }

        var imported = await dataMap.ImportAsync(demo.Value, actor, await ConnectDemoDatastoresAsync(demo.Value.Slug, DemoManifest(), cancellationToken),
            "samples/flex4business/manifest.yaml", cancellationToken);
        if (!imported.Succeeded)
        {
            throw new InvalidOperationException($"The demo data map is not valid: {imported.Failure}");
        }

        if (!(await notices.PublishAsync(demo.Value, actor, cancellationToken)).Succeeded)
        {
            throw new InvalidOperationException("The demo privacy notice could not be published.");
        }

        var granted = await userCommands.GrantAsync(Access.Operator, actor, AdminEmail, Role.PlatformAdmin, null, null, cancellationToken);
        if (!granted.Succeeded)
        {
            throw new InvalidOperationException($"The first admin could not be created: {granted.Failure}");
        }

        var admin = granted.Value.User;
        var oneTime = granted.Value.OneTimePassword;
        if (adminPassword is not null)
        {
            var removed = await users.RemovePasswordAsync(admin);
            var added = removed.Succeeded ? await users.AddPasswordAsync(admin, adminPassword) : removed;
            if (!added.Succeeded)
            {
                // Checked before the run began; reaching this means the rules changed under it, not a wrong setting.
                throw new InvalidOperationException(
                    $"The first admin's password could not be set: {string.Join(" ", added.Errors.Select(e => e.Description))}");
            }

            admin.MustChangePassword = false;
            await users.UpdateAsync(admin);
            oneTime = null;
        }

        return new FirstRunResult(AdminEmail, oneTime, demo.Value);
    }

    /// <summary>
    /// Builds a SQLite demo database in the demo tenant's folder (<c>data/datastores/flex4business</c>) for each SQL
    /// datastore of the demo data map and points the data map at it (<c>data:</c> references), so requests and retention
    /// work in the demo from the first minute.
    /// </summary>
    private async Task<string> ConnectDemoDatastoresAsync(string slug, string yaml, CancellationToken cancellationToken)
    {
        var manifest = ManifestReader.Read(yaml, "flex4business.yaml").Manifest
                       ?? throw new InvalidOperationException("The demo manifest is not valid.");
        var directory = Path.Combine(storage.DataDirectory, Lethe.Connectors.OwnStore.DatastoreFolder, slug);
        Directory.CreateDirectory(directory);
        foreach (var system in manifest.Systems)
        {
            foreach (var store in system.Datastores.Where(d => d.Kind.IsSql && d.Connection is not null))
            {
                var name = $"{system.Key}-{store.Key}";
                var file = Path.Combine(directory, name + ".db");
                File.Delete(file);
                await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                                 new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file, ForeignKeys = true, Pooling = false }.ConnectionString))
                {
                    await connection.OpenAsync(cancellationToken);
                    await Samples.DemoDatastore.BuildAsync(connection, store, DemoPeople, seed: 1, Path.Combine(directory, name + "-files"), cancellationToken);
                }

                // The demo's copy is a SQLite file whatever the real system runs on; the data map says so, so the console
                // shows what Lethe actually connects to.
                yaml = yaml.Replace($"kind: {store.Kind}\n        connection: {store.Connection}\n", $"kind: sqlite\n        connection: data:{name}.db\n", StringComparison.Ordinal);
                if (store.Files is { } files)
                {
                    yaml = yaml.Replace($"files: {files}", $"files: data:{name}-files", StringComparison.Ordinal);
                }
            }
        }

        // The demo has no newsletter system to call: its webhook datastores become tasks for a person, so a demo request
        // runs to the end (the agent closes the task in the console) instead of retrying an unset address for ever.
        foreach (var system in manifest.Systems)
        {
            foreach (var store in system.Datastores.Where(d => d.Kind.IsWebhook && d.Connection is not null && d.Secret is not null))
            {
                yaml = yaml.Replace(
                    $"kind: webhook\n        connection: {store.Connection}\n        secret: {store.Secret}\n",
                    $"kind: manual\n        assignee: {system.Name} team\n",
                    StringComparison.Ordinal);
            }
        }

        return yaml;
    }

    private static string DemoManifest()
    {
        using var stream = typeof(FirstRunSetup).Assembly.GetManifestResourceStream("Lethe.Samples.flex4business.yaml")
                           ?? throw new InvalidOperationException("The demo manifest is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
