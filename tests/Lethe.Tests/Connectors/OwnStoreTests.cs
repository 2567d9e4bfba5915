using Lethe.Audit;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lethe.Tests.Connectors;

/// <summary>
/// A tenant's data map that points at Lethe's own database — by its own setting, by a path inside the data directory,
/// or by another name for the same database — is refused before a single row is read.
/// </summary>
public sealed class OwnStoreTests
{
    /// <summary>A data map describing Lethe's own users table, as an attacker with data-map rights would write it.</summary>
    public static string Hostile(string connection, string kind) => ManifestFiles.Minimal
        .Replace("kind: postgres", $"kind: {kind}", StringComparison.Ordinal)
        .Replace("connection: env:CRM_DB", $"connection: {connection}", StringComparison.Ordinal)
        .Replace("""
                  - name: customers
                    fields:
                      - name: id
                      - name: email
                        category: contact.email
                        identifies: email
                        erasure: hash
                      - name: created_at
        """, """
                  - name: users
                    key: Id
                    fields:
                      - name: Id
                      - name: Email
                        category: contact.email
                        identifies: email
                        erasure: hash
                      - name: created_at
        """, StringComparison.Ordinal)
        .Replace("crm.db.customers.created_at", "crm.db.users.created_at", StringComparison.Ordinal);

    public static TheoryData<DatabaseProvider, string> OwnReferences() => new()
    {
        { DatabaseProvider.Sqlite, "data:../lethe.db" },
        { DatabaseProvider.Sqlite, "data:../../lethe.db" },
        { DatabaseProvider.Sqlite, "data:../../keys/key-ring.key" },
        { DatabaseProvider.Sqlite, "env:LETHE_CONNECTION" },
        { DatabaseProvider.Sqlite, "env:LETHE_DATA" },
        { DatabaseProvider.Sqlite, "env:Lethe__KeyFile" },
        { DatabaseProvider.Sqlite, "config:Lethe:KeyFile" },
        { DatabaseProvider.Sqlite, "env:PATH" },
        { DatabaseProvider.Postgres, "env:LETHE_CONNECTION" },
        { DatabaseProvider.Postgres, "config:Lethe:Connection" },
        { DatabaseProvider.Postgres, "data:../../lethe.db" },
        { DatabaseProvider.Postgres, "env:HOME" },
    };

    [Theory]
    [MemberData(nameof(OwnReferences))]
    public async Task A_reference_to_Lethes_own_store_or_the_hosts_variables_is_refused_at_import_and_never_resolves(DatabaseProvider provider, string reference)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("mallory");
        // Lethe's own variables are refused by name, before any is read: setting them here would change every other
        // test in the process (the CLI reads them), so the refusal must not depend on their being set.
        await using var scope = db.Scope();

        var read = scope.ServiceProvider.GetRequiredService<DataMapCommands>().Read(tenant, Hostile(reference, "sqlite"), "hostile.yaml");
        // Either an error naming the field and line, or (a variable the operator has not allowed) a warning; never silence.
        read.Errors.Concat(read.Warnings).ShouldContain(e => e.Field == "systems[0].datastores[0].connection" && e.Line == 18, reference);
        if (reference.StartsWith("env:LETHE_", StringComparison.Ordinal) || reference.StartsWith("config:Lethe", StringComparison.Ordinal) || reference.StartsWith("env:Lethe", StringComparison.Ordinal))
        {
            read.IsValid.ShouldBeFalse("Lethe's own settings are an error, not a warning");
        }

        var connections = await db.Services.GetRequiredService<DatastoreConnections>().ForTenantAsync(
            scope.ServiceProvider.GetRequiredService<LetheDbContext>(), tenant.Id, default);
        var problem = Should.Throw<DatastoreProblem>(() => connections.ConnectionString(reference, "crm.db"));
        problem.Message.ShouldNotContain(db.Settings.ConnectionString);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_same_database_by_another_name_is_refused_when_the_connection_opens(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("mallory");
        // Allowed by the operator (LETHE_TEST_*), and not Lethe's own setting by name: only the database tells.
        var variable = "LETHE_TEST_OWN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, AnotherName(db.Settings));
        var yaml = Hostile($"env:{variable}", provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres");
        await using var scope = db.Scope();
        var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "hostile.yaml", default);
        imported.Succeeded.ShouldBeTrue(imported.Failure?.ToString());
        var manifest = imported.Value!.Revision.Yaml is { } canonical ? ManifestReader.Read(canonical, "x.yaml").Manifest! : null!;
        var store = manifest.FindDatastore("crm.db")!;
        var connections = await db.Services.GetRequiredService<DatastoreConnections>().ForTenantAsync(
            scope.ServiceProvider.GetRequiredService<LetheDbContext>(), tenant.Id, default);
        var read = 0;

        var problem = await Should.ThrowAsync<DatastoreProblem>(() => connections.Sql(manifest, "crm.db", store)
            .ReadAsync([new Identity("email", "admin@lethe.local")], _ => { read++; return ValueTask.CompletedTask; }, default));

        problem.Message.ShouldContain("Lethe's own database");
        read.ShouldBe(0);
        await Should.ThrowAsync<DatastoreProblem>(() => connections.Sql(manifest, "crm.db", store)
            .EraseAsync([new Identity("email", "admin@lethe.local")], new byte[32], DateOnly.FromDateTime(TestClock.Start.UtcDateTime), default));
    }

    [Theory]
    [InlineData("data:lethe.db")]
    [InlineData("data:keys/key-ring.key")]
    [InlineData("data:datastores/mallory/x.db")]
    public async Task A_data_reference_names_a_file_of_the_tenants_own_folder_only(string reference)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var tenant = await db.CreateTenantAsync("mallory");
        var boundary = db.Services.GetRequiredService<DatastoreConnections>().Boundary;

        var path = boundary.DataFile(tenant.Slug, reference["data:".Length..], out _).ShouldNotBeNull();

        path.ShouldStartWith(Path.Combine(db.Settings.DataDirectory, OwnStore.DatastoreFolder, "mallory") + Path.DirectorySeparatorChar);
        await using var scope = db.Scope();
        var connections = await db.Services.GetRequiredService<DatastoreConnections>().ForTenantAsync(
            scope.ServiceProvider.GetRequiredService<LetheDbContext>(), tenant.Id, default);
        // Nothing is there, and nothing is made: opening would otherwise create an empty database.
        Should.Throw<DatastoreProblem>(() => connections.ConnectionString(reference, "crm.db")).Message.ShouldContain("names no file");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task A_symbolic_link_in_the_tenants_folder_is_not_followed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var tenant = await db.CreateTenantAsync("mallory");
        var folder = Path.Combine(db.Settings.DataDirectory, OwnStore.DatastoreFolder, tenant.Slug);
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "crm.db"), Path.Combine(db.Settings.DataDirectory, StorageSettings.SqliteFileName));
        Directory.CreateSymbolicLink(Path.Combine(folder, "up"), db.Settings.DataDirectory);
        var boundary = db.Services.GetRequiredService<DatastoreConnections>().Boundary;

        boundary.Refuses(tenant.Slug, "data:crm.db").ShouldNotBeNull().ShouldContain("symbolic link");
        boundary.Refuses(tenant.Slug, "data:up/lethe.db").ShouldNotBeNull().ShouldContain("symbolic link");
        // Another tenant's folder is out of reach too.
        boundary.Refuses(tenant.Slug, "data:../other/crm.db").ShouldNotBeNull();
    }

    /// <summary>Lethe's own database under another spelling: a path through "." and "..", or another host name and options.</summary>
    public static string AnotherName(StorageSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            var dir = Path.GetDirectoryName(file)!;
            return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, ".", "sub", "..", Path.GetFileName(file)) }.ConnectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { ApplicationName = "crm", Pooling = false };
        builder.Host = builder.Host == "127.0.0.1" ? "localhost" : "127.0.0.1";
        return builder.ConnectionString;
    }
}
