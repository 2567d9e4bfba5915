using System.Data.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Samples;
using Lethe.Storage;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Tests.Connectors;

public sealed class DatastoreCheckTests
{
    internal static Manifest Flexfone() =>
        ManifestReader.Read(File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "flexfone", "manifest.yaml")), "flexfone").Manifest!;

    /// <summary>A demo database for Flexfone's telephony datastore: a SQLite file, or a schema of its own on the test server.</summary>
    internal static async Task<(string ConnectionString, string Directory)> BuildPbxAsync(DatabaseProvider provider)
    {
        var pbx = await DemoStore.BuildAsync(provider, "flexfone", "pbx", people: 10);
        return (pbx.ConnectionString, pbx.Directory);
    }

    private static async Task ExecuteAsync(DatastoreKind kind, string connectionString, string sql)
    {
        await using var connection = LiveSchema.Connect(kind, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static Task<IReadOnlyList<DatastoreFinding>> CheckAsync(Manifest manifest, string pbx) =>
        DatastoreCheck.RunAsync(manifest with { Systems = manifest.Systems.Where(s => s.Key == "pbx").ToList() }, _ => pbx, default);

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_database_built_from_the_manifest_matches_it(DatabaseProvider provider)
    {
        var (pbx, _) = await BuildPbxAsync(provider);
        (await CheckAsync(Flexfone(), pbx)).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Undescribed_personal_columns_and_missing_ones_are_reported(DatabaseProvider provider)
    {
        var (pbx, _) = await BuildPbxAsync(provider);
        var kind = provider == DatabaseProvider.Sqlite ? DatastoreKind.Sqlite : DatastoreKind.Postgres;
        await ExecuteAsync(kind, pbx, "ALTER TABLE employees ADD COLUMN private_email text");
        await ExecuteAsync(kind, pbx, "CREATE TABLE notes (id integer, customer_name text, created_at text)");
        var manifest = Flexfone();
        var pbxSystem = manifest.Systems.Single(s => s.Key == "pbx");
        var store = pbxSystem.Datastores[0];
        var withGhost = store with
        {
            Collections = [.. store.Collections, new Collection { Name = "faxes", Fields = [new Field { Name = "id" }] }],
        };
        manifest = manifest with { Systems = [pbxSystem with { Datastores = [withGhost] }] };

        var findings = (await CheckAsync(manifest, pbx)).Select(f => (f.Kind, f.Message)).ToList();

        findings.ShouldBe(
        [
            (DatastoreCheck.Missing, "the table faxes is in the manifest but not in the database"),
            (DatastoreCheck.Undescribed, "the column employees.private_email looks personal but the manifest does not describe it"),
            (DatastoreCheck.Undescribed, "the column notes.customer_name looks personal but the manifest does not describe it (in a table the manifest does not name)"),
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task Demo_recordings_are_real_audio_files()
    {
        var (_, dir) = await BuildPbxAsync(DatabaseProvider.Sqlite);
        var wav = Directory.EnumerateFiles(Path.Combine(dir, "files"), "*.wav", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(wav);
        bytes[..4].ShouldBe("RIFF"u8.ToArray());
        bytes[8..12].ShouldBe("WAVE"u8.ToArray());
        bytes.Length.ShouldBe(44 + 4000);
    }

    [Fact]
    public async Task An_unreachable_or_malformed_connection_is_a_finding_not_a_crash()
    {
        var findings = await CheckAsync(Flexfone(), "Host=;;;");
        findings.Single().Kind.ShouldBe(DatastoreCheck.Unreachable);
        findings.Single().Message.ShouldNotContain("Host=");
    }
}
