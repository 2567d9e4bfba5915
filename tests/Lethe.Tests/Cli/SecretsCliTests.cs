using Lethe.Cli;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Cli;

/// <summary>The datastore boundary from the command line: a hostile data map refused, secrets read from standard input.</summary>
public sealed class SecretsCliTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(string? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LetheCli.RunAsync(args, output, error, CancellationToken.None, new StringReader(input ?? ""));
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Import_refuses_Lethes_own_store_and_a_secret_set_from_stdin_is_listed_by_name_only(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.CreateTenantAsync("mallory");
        var file = Path.Combine(Directory.CreateTempSubdirectory("lethe-cli-").FullName, "hostile.yaml");
        await File.WriteAllTextAsync(file, Lethe.Tests.DataMap.ManifestFiles.Minimal.Replace("connection: env:CRM_DB", "connection: env:LETHE_CONNECTION", StringComparison.Ordinal));

        var import = await RunAsync(null, [.. db.CliOptions, "manifest", "import", file, "--tenant", "mallory"]);

        import.Exit.ShouldBe(1);
        import.Err.ShouldContain("hostile.yaml:18:");
        import.Err.ShouldContain("systems[0].datastores[0].connection: is refused: env:LETHE_CONNECTION is one of Lethe's own settings");

        var set = await RunAsync("Host=crm;Password=Very-Secret\n", [.. db.CliOptions, "secrets", "set", "--tenant", "mallory", "--name", "crm"]);
        set.Exit.ShouldBe(0, set.Err);
        set.Out.ShouldContain("secret:crm");
        var list = await RunAsync(null, [.. db.CliOptions, "secrets", "list", "--tenant", "mallory"]);
        list.Out.ShouldStartWith("crm\t");
        list.Out.ShouldNotContain("Very-Secret");
        var empty = await RunAsync("", [.. db.CliOptions, "secrets", "set", "--tenant", "mallory", "--name", "crm"]);
        empty.Exit.ShouldBe(1);
        empty.Err.ShouldStartWith("lethe: ");
        empty.Err.TrimEnd().ShouldNotContain("\n");
        (await RunAsync(null, [.. db.CliOptions, "secrets", "remove", "--tenant", "mallory", "--name", "crm"])).Exit.ShouldBe(0);
        (await RunAsync(null, [.. db.CliOptions, "secrets", "list", "--tenant", "mallory"])).Out.ShouldBeEmpty();
    }
}
