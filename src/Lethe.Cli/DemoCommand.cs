using System.CommandLine;
using Lethe.DataMap;
using Lethe.Samples;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Cli;

/// <summary><c>lethe demo build</c>: a small, realistic database for each SQL datastore of a sample manifest.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var manifestFile = new Argument<FileInfo>("manifest") { Description = "A manifest, e.g. samples/flexfone/manifest.yaml." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the SQLite files and audio files.", Required = true };
        var people = new Option<int>("--people") { Description = "Rows in each top-level table (default 50).", DefaultValueFactory = _ => 50 };
        var postgres = new Option<string?>("--postgres") { Description = "Build in this PostgreSQL database instead, one schema per datastore." };
        var build = new Command("build", "Create and fill a demo database for each postgres/sqlite datastore of the manifest.") { manifestFile, output, people, postgres };
        build.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(manifestFile)!;
            if (!file.Exists)
            {
                await context.Error.WriteLineAsync($"lethe: the file '{file}' does not exist.");
                return LetheCli.Failed;
            }

            var read = ManifestReader.Read(await File.ReadAllTextAsync(file.FullName, ct), file.ToString());
            if (!read.IsValid)
            {
                await context.Error.WriteLineAsync($"lethe: {read.Errors[0]} (run 'lethe manifest validate' for all errors)");
                return LetheCli.Failed;
            }

            var count = parse.GetValue(people);
            if (count is < 1 or > 100_000)
            {
                await context.Error.WriteLineAsync("lethe: --people must be between 1 and 100000.");
                return LetheCli.Usage;
            }

            var dir = parse.GetValue(output)!;
            dir.Create();
            var files = Path.Combine(dir.FullName, "files");
            var seed = 20261121;
            foreach (var system in read.Manifest!.Systems)
            {
                foreach (var store in system.Datastores.Where(d => d.Kind.IsSql))
                {
                    string connectionString;
                    int rows;
                    if (parse.GetValue(postgres) is { } server)
                    {
                        var schema = $"{system.Key}_{store.Key}";
                        await using var admin = new NpgsqlConnection(server);
                        await admin.OpenAsync(ct);
                        await using (var create = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", admin))
                        {
                            await create.ExecuteNonQueryAsync(ct);
                        }

                        connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
                        await using var connection = new NpgsqlConnection(connectionString);
                        await connection.OpenAsync(ct);
                        rows = await DemoDatastore.BuildAsync(connection, store, count, seed++, files, ct);
                    }
                    else
                    {
                        var path = Path.Combine(dir.FullName, $"{system.Key}-{store.Key}.db");
                        if (File.Exists(path))
                        {
                            await context.Error.WriteLineAsync($"lethe: {path} exists already; remove it or choose another --out.");
                            return LetheCli.Failed;
                        }

                        connectionString = new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true, Pooling = false }.ConnectionString;
                        await using var connection = new SqliteConnection(connectionString);
                        await connection.OpenAsync(ct);
                        rows = await DemoDatastore.BuildAsync(connection, store, count, seed++, files, ct);
                    }

                    await context.Output.WriteLineAsync($"# {system.Key}.{store.Key}: {rows} rows");
                    if (store.Connection?.StartsWith("env:", StringComparison.Ordinal) == true)
                    {
                        await context.Output.WriteLineAsync($"export {store.Connection[4..]}='{connectionString}'");
                    }
                }
            }

            return LetheCli.Ok;
        });

        var demo = new Command("demo", "Demo data for the samples.");
        demo.Subcommands.Add(build);
        return demo;
    }
}
