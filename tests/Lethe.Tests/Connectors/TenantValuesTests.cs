using Lethe.Connectors;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Connectors;

/// <summary>What a tenant's own values may say: a secret names a PostgreSQL server with its own credentials, never a file of the host or Lethe's login.</summary>
public sealed class TenantValuesTests
{
    [Theory]
    [InlineData("Data Source=/var/lib/lethe/lethe.db", "data:FILE")]
    [InlineData("Data Source=datastores/victim/crm.db", "data:FILE")]
    [InlineData("Host=/var/run/postgresql;Database=other;Username=lethe;Password=x", "socket")]
    [InlineData("Host=db;Database=crm;Username=lethe", "password")]
    [InlineData("Host=db;Database=crm;Username=lethe;Password=x;Passfile=/etc/shadow", "Passfile")]
    [InlineData("Host=db;Database=crm;Username=lethe;Password=x;SSL Key=/data/keys/key-ring.key", "SSL Key")]
    [InlineData("Host=db;Database=crm;Username=lethe;Password=x;Kerberos Service Name=postgres", "Kerberos Service Name")]
    [InlineData("not a connection string", "not a PostgreSQL")]
    public void A_secret_connection_string_that_could_reach_the_host_or_borrow_Lethes_login_is_refused(string value, string reason) =>
        DatastoreBoundary.RefusesTenantConnection(value).ShouldNotBeNull().ShouldContain(reason, Case.Insensitive);

    [Fact]
    public void A_secret_naming_a_server_with_its_own_credentials_is_accepted() =>
        DatastoreBoundary.RefusesTenantConnection("Host=crm.example.dk;Port=5432;Database=crm;Username=lethe_ro;Password=p;SSL Mode=Require").ShouldBeNull();

    [Theory]
    [InlineData("config:LETHE_CONNECTION")]
    [InlineData("config:LETHE_ADMIN_PASSWORD")]
    [InlineData("config:Kestrel:Certificates:Default:Password")]
    [InlineData("env:PGPASSWORD")]
    [InlineData("env:ASPNETCORE_Kestrel__Certificates__Default__Password")]
    public void Lethes_own_settings_in_either_spelling_are_refused_for_good(string reference)
    {
        var boundary = new DatastoreBoundary(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatastoreBoundary.AllowedSection}:acme"] = "config:*,env:*," + reference,
        }).Build(), null);

        boundary.Check("acme", reference).ShouldNotBeNull().Final.ShouldBeTrue();
    }

    [Fact]
    public void A_wildcard_allows_a_family_of_names_and_not_a_bare_stem_or_everything()
    {
        var boundary = new DatastoreBoundary(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatastoreBoundary.AllowedSection}:acme"] = "env:ACME_*,env:ACMEX*,env:*",
        }).Build(), null);

        boundary.Refuses("acme", "env:ACME_CRM").ShouldBeNull();
        boundary.Refuses("acme", "env:ACMEX_EU_DB").ShouldNotBeNull();
        boundary.Refuses("acme", "env:HOME").ShouldNotBeNull();
        boundary.Refuses("acme-eu", "env:ACME_CRM").ShouldNotBeNull();
    }

    [Fact]
    public void A_reference_the_operator_has_not_allowed_yet_is_a_warning_said_in_the_readers_language()
    {
        var boundary = new DatastoreBoundary(new ConfigurationBuilder().Build(), null);
        var yaml = File.ReadAllText(Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml"));
        var connection = System.Text.RegularExpressions.Regex.Match(yaml, @"connection: (\S+)").Groups[1].Value;
        yaml = yaml.Replace($"connection: {connection}", "connection: env:ACME_CRM", StringComparison.Ordinal);

        var read = Lethe.DataMap.ManifestReader.Read(yaml, "acme.yaml", r => boundary.Check("acme", r) is { } verdict ? (verdict.Message, verdict.Final) : null);

        var warning = read.Warnings.ShouldHaveSingleItem();
        warning.Message.ShouldBe("will not resolve yet: env:ACME_CRM is not allowed for this tenant: the operator allows environment and configuration " +
            "references per tenant (Lethe:Datastores:AllowedReferences:acme); or keep the value in Lethe as secret:NAME.");
        warning.MessageIn("da").ShouldBe("kan endnu ikke slås op: env:ACME_CRM er ikke tilladt for denne lejer: den driftsansvarlige tillader miljø- og " +
            "konfigurationsreferencer pr. lejer (Lethe:Datastores:AllowedReferences:acme); eller gem værdien i Lethe som secret:NAVN.");
        warning.MessageIn("nb").ShouldStartWith("kan ennå ikke slås opp: env:ACME_CRM er ikke tillatt for denne leietakeren");
    }

    [Fact]
    public async Task A_files_directory_from_a_secret_or_over_Lethes_data_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var boundary = db.Services.GetRequiredService<DatastoreConnections>().Boundary;
        var dataDir = db.Settings.DataDirectory;
        var own = Path.Combine(dataDir, OwnStore.DatastoreFolder, "acme", "pbx-files");
        Directory.CreateDirectory(own);

        boundary.RefusesFiles("acme", "secret:files", Path.GetTempPath()).ShouldNotBeNull();
        boundary.RefusesFiles("acme", "env:LETHE_TEST_FILES", dataDir).ShouldNotBeNull();
        boundary.RefusesFiles("acme", "env:LETHE_TEST_FILES", Path.GetDirectoryName(dataDir)!).ShouldNotBeNull();
        boundary.RefusesFiles("acme", "env:LETHE_TEST_FILES", Path.Combine(dataDir, OwnStore.DatastoreFolder, "victim")).ShouldNotBeNull();
        boundary.RefusesFiles("acme", "data:pbx-files", own).ShouldBeNull();
        boundary.RefusesFiles("acme", "env:LETHE_TEST_FILES", Directory.CreateTempSubdirectory("lethe-pbx-").FullName).ShouldBeNull();
    }
}
