using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tests.Scanning;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Web.Tests.Scanning;

public sealed class ScansApiTests
{
    [Fact]
    public async Task A_system_starts_a_scan_reads_its_findings_and_masks_one_and_no_planted_value_is_answered_or_logged()
    {
        var logs = new EveryLog();
        await using var server = await LetheServer.StartAsync(configure: builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
        });
        var f = await ScanFixture.CreateAsync(DatabaseProvider.Sqlite, server.Database);
        var key = await server.Database.IssueKeyAsync(f.Tenant, "scan:write", "audit:read");
        using var api = server.WithApiKey(key.Secret);
        var answers = new List<string>();
        var root = $"/api/v1/tenants/{f.Tenant.Slug}/scans";

        var started = await api.PostAsJsonAsync(root, new { parallel = 2 });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        answers.Add(await started.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(answers[^1]).RootElement.GetProperty("id").GetGuid();
        started.Headers.Location!.ToString().ShouldBe($"{root}/{id}");
        JsonDocument.Parse(answers[^1]).RootElement.GetProperty("finishedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        (await server.App.Services.GetRequiredService<ScanWorker>().RunDueAsync(default)).ShouldBe(1);

        answers.Add(await api.GetStringAsync($"{root}/{id}"));
        var scan = JsonDocument.Parse(answers[^1]).RootElement;
        scan.GetProperty("finishedAt").ValueKind.ShouldNotBe(JsonValueKind.Null);
        scan.GetProperty("rows").GetInt64().ShouldBe(ScanFixture.Tickets + ScanFixture.Customers + 12 + 30);
        var body = scan.GetProperty("findings").EnumerateArray().Single(x => x.GetProperty("column").GetString() == "body");
        body.GetProperty("kind").GetString().ShouldBe("email");
        body.GetProperty("confidence").GetString().ShouldBe("high");
        body.GetProperty("rows").GetInt64().ShouldBe(ScanFixture.TicketsPlanted.Count);
        body.GetProperty("exampleKeys").EnumerateArray().Select(k => k.GetString()).ShouldBe(["1000", "2000", "3000", "4000", "5000"]);
        body.GetProperty("advice").GetString().ShouldBe("RetainOrMask");
        body.GetProperty("suggestion").GetString()!.ShouldStartWith("tickets.body holds e-mail addresses, but the data map describes it as Inquiries and correspondence, without E-mail address");
        var findingId = body.GetProperty("id").GetGuid();

        var dry = await api.PostAsync($"{root}/{id}/findings/{findingId}/mask", null);
        dry.StatusCode.ShouldBe(HttpStatusCode.OK);
        answers.Add(await dry.Content.ReadAsStringAsync());
        JsonDocument.Parse(answers[^1]).RootElement.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        JsonDocument.Parse(answers[^1]).RootElement.GetProperty("rows").GetInt64().ShouldBe(ScanFixture.TicketsPlanted.Count);
        (await f.QueryAsync("SELECT count(*) FROM tickets WHERE body LIKE '%@firma-eksempel.dk%'")).Single()[0].ShouldBe((long)ScanFixture.TicketsPlanted.Count);

        var masked = await api.PostAsync($"{root}/{id}/findings/{findingId}/mask?dryRun=false", null);
        masked.StatusCode.ShouldBe(HttpStatusCode.OK);
        answers.Add(await masked.Content.ReadAsStringAsync());
        (await f.QueryAsync("SELECT count(*) FROM tickets WHERE body LIKE '%@firma-eksempel.dk%'")).Single()[0].ShouldBe(0L);

        answers.Add(await api.GetStringAsync($"/api/v1/tenants/{f.Tenant.Slug}/audit"));
        var said = string.Join("\n", answers.Concat(logs.Entries));
        said.ShouldContain("scan.masked");
        foreach (var value in ScanFixture.Planted)
        {
            said.ShouldNotContain(value);
        }

        said.ShouldNotContain("eksempel.dk");
    }

    [Fact]
    public async Task Wrong_input_is_a_problem_naming_the_field_and_an_unknown_scan_is_not_found()
    {
        await using var server = await LetheServer.StartAsync();
        var f = await ScanFixture.CreateAsync(DatabaseProvider.Sqlite, server.Database);
        var key = await server.Database.IssueKeyAsync(f.Tenant, "scan:write");
        using var api = server.WithApiKey(key.Secret);
        var root = $"/api/v1/tenants/{f.Tenant.Slug}/scans";

        var bad = await api.PostAsJsonAsync(root, new { sample = 0, datastore = "crm.db" });
        var problem = await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("sample").ToString().ShouldContain("rows to read per table");
        problem.GetProperty("errors").GetProperty("datastore").ToString().ShouldContain("support.db");

        await (await api.GetAsync($"{root}/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostAsync($"{root}/{Guid.NewGuid()}/findings/{Guid.NewGuid()}/mask", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Every entry the server logs, at Debug and above, message and exception together.</summary>
    private sealed class EveryLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(EveryLog logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue(formatter(state, exception) + exception);
        }
    }
}
