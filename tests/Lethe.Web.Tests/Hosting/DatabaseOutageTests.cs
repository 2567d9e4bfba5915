using System.Net;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Npgsql;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// While PostgreSQL cannot be reached the server says so: 503 with Retry-After (a problem on the API, a plain page in
/// the console), which clients and balancers retry, instead of a 500 that reads as a bug. Liveness stays green: the
/// process is fine, and restarting it would not bring the database back.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TcpRelay _relay = null!;
    private LetheServer _server = null!;
    private HttpClient _person = null!;
    private HttpClient _key = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);
        var direct = new NpgsqlConnectionStringBuilder(_database.Settings.ConnectionString);
        _relay = new TcpRelay(direct.Host!, direct.Port);
        var relayed = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = _relay.Port };
        _server = await LetheServer.StartAsync(_database, _database.Settings with { ConnectionString = relayed.ConnectionString });

        var tenant = await _database.CreateTenantAsync("tenant-a");
        await _server.AddPersonAsync("po@lethe.test", Role.PrivacyOfficer, tenant);
        _person = await _server.SignInAsync("po@lethe.test");
        _key = _server.WithApiKey((await _database.IssueKeyAsync(tenant, "requests:read")).Secret);
        (await _key.GetAsync("/api/v1/tenants/tenant-a/requests")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _person.GetAsync("/t/tenant-a")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        _person.Dispose();
        _key.Dispose();
        await _server.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Fact]
    public async Task A_database_host_that_went_away_is_503_with_retry_after_and_liveness_stays_up()
    {
        _relay.Cut();

        await ShouldBeUnavailableAsync();

        _relay.Restore();
        await EventuallyOkAsync(_key, "/api/v1/tenants/tenant-a/requests");
        await EventuallyOkAsync(_person, "/t/tenant-a");
    }

    [Fact]
    public async Task A_database_that_refuses_connections_is_503_with_retry_after()
    {
        var name = new NpgsqlConnectionStringBuilder(_database.Settings.ConnectionString).Database!;
        await AdminAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
        try
        {
            await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");

            await ShouldBeUnavailableAsync();
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
        }

        await EventuallyOkAsync(_key, "/api/v1/tenants/tenant-a/requests");
    }

    private async Task ShouldBeUnavailableAsync()
    {
        var api = await _key.GetAsync("/api/v1/tenants/tenant-a/requests");
        await api.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        api.Headers.RetryAfter.ShouldNotBeNull();

        // A person's cookie is checked against the database on every request, so even /me needs it.
        var me = await _person.GetAsync("/api/v1/me");
        await me.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        me.Headers.RetryAfter.ShouldNotBeNull();

        var page = await _person.GetAsync("/t/tenant-a");
        page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        page.Headers.RetryAfter.ShouldNotBeNull();
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("briefly unavailable");

        using var anonymous = _server.Anonymous();
        (await anonymous.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>The pool drops the dead connections as it meets them; a few requests may still find one.</summary>
    private static async Task EventuallyOkAsync(HttpClient client, string path)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 20 && status != HttpStatusCode.OK; attempt++)
        {
            status = (await client.GetAsync(path)).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                status.ShouldBe(HttpStatusCode.ServiceUnavailable);
                await Task.Delay(250);
            }
        }

        status.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer());
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
