using Lethe.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lethe.Tests.Support;

/// <summary>
/// A real, empty Lethe database for one test: a SQLite file in a fresh directory, or a fresh database on the
/// PostgreSQL server that ./test.sh starts (its address in LETHE_TEST_POSTGRES). Dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "LETHE_TEST_POSTGRES";

    /// <summary>Where Lethe says webhook systems should call back; the tests call back through the commands instead.</summary>
    public const string PublicUrl = "https://lethe.test";

    /// <summary>The references every test tenant may use: the variables tests make for their own datastores.</summary>
    public const string AllowedReferences = "env:LETHE_TEST_*";

    private readonly string? _postgresName;

    private readonly IReadOnlyDictionary<string, string?> _configuration;

    private TestDatabase(StorageSettings settings, string? postgresName, TimeProvider clock, IReadOnlyDictionary<string, string?>? configuration)
    {
        Settings = settings;
        _postgresName = postgresName;
        Clock = clock;
        _configuration = configuration ?? new Dictionary<string, string?>();
        Services = Build(settings, clock, _configuration);
    }

    private static ServiceProvider Build(StorageSettings settings, TimeProvider clock, IReadOnlyDictionary<string, string?> configuration)
    {
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddLetheCore(settings);
        services.Replace(ServiceDescriptor.Singleton(clock));
        // Webhook tests answer on 127.0.0.1, which Lethe refuses unless private networks are allowed.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lethe:Webhooks:AllowPrivateNetworks"] = "true",
            ["Lethe:PublicUrl"] = PublicUrl,
            // As an operator would allow them: the variables the tests make for their datastores, and no others.
            [$"{Lethe.Connectors.DatastoreBoundary.AllowedSection}:{Lethe.Connectors.DatastoreBoundary.EveryTenant}"] = AllowedReferences,
        }).AddInMemoryCollection(configuration).Build());
        return services.BuildServiceProvider();
    }

    public StorageSettings Settings { get; }

    public ServiceProvider Services { get; private set; }

    /// <summary>Stops Lethe as a crash would (nothing in memory survives) and starts it again on the same database and data directory.</summary>
    public async Task RestartAsync()
    {
        await Services.DisposeAsync();
        Services = Build(Settings, Clock, _configuration);
    }

    public TimeProvider Clock { get; }

    /// <summary>A second Lethe on the same database and settings, with nothing in memory shared: another server.</summary>
    public ServiceProvider AnotherServer() => Build(Settings, Clock, _configuration);

    public DatabaseProvider Provider => Settings.Provider;

    /// <summary>Command-line options that point the CLI at this database.</summary>
    public string[] CliOptions => Provider == DatabaseProvider.Sqlite
        ? ["--data", Settings.DataDirectory]
        : ["--database", "postgres", "--connection", Settings.ConnectionString];

    /// <param name="configuration">Settings as an operator would set them (<c>Lethe:Worker:…</c>), over the tests' own.</param>
    public static async Task<TestDatabase> CreateAsync(
        DatabaseProvider provider, TimeProvider? clock = null, bool migrate = true, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var database = provider switch
        {
            DatabaseProvider.Sqlite => new TestDatabase(
                StorageSettings.Resolve("sqlite", null, Path.Combine(Path.GetTempPath(), "lethe-test-" + Guid.NewGuid().ToString("N"))).Value!,
                null, clock ?? TimeProvider.System, configuration),
            DatabaseProvider.Postgres => await CreatePostgresAsync(clock ?? TimeProvider.System, configuration),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        if (migrate)
        {
            await using var scope = database.Services.CreateAsyncScope();
            await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), database.Settings, CancellationToken.None);
        }

        return database;
    }

    /// <summary>Lethe on a SQLite data folder that exists already (a restored backup), migrated as <c>lethe serve</c> would; removed on dispose.</summary>
    public static async Task<TestDatabase> OpenSqliteAsync(string dataDirectory)
    {
        var database = new TestDatabase(StorageSettings.Resolve("sqlite", null, dataDirectory).Value!, null, TimeProvider.System, null);
        await using var scope = database.Services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), database.Settings, CancellationToken.None);
        return database;
    }

    public static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set. Run ./test.sh, which starts a PostgreSQL server for the tests.");

    /// <summary>A new DI scope with its own DbContext; the caller disposes it.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            if (Directory.Exists(Settings.DataDirectory))
            {
                Directory.Delete(Settings.DataDirectory, recursive: true);
            }
        }
        else
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Settings.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open on a slow shutdown; the OS temp cleaner takes it.
            }
        }
    }

    private static async Task<TestDatabase> CreatePostgresAsync(TimeProvider clock, IReadOnlyDictionary<string, string?>? configuration)
    {
        var name = "lethe_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(PostgresServer()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(PostgresServer()) { Database = name }.ConnectionString;
        // A data directory of its own too: answer packages and outbox files must not meet another test's.
        return new TestDatabase(StorageSettings.Resolve("postgres", connection, Path.Combine(Path.GetTempPath(), "lethe-test-" + name)).Value!, name, clock, configuration);
    }
}
