using System.Globalization;
using System.Text.Json;
using Lethe.Consent;
using Lethe.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lethe.Benchmarks;

/// <summary>
/// <c>bare-state --tenant T --connection CS --urls URL</c>: the floor for any server that answers the consent state over
/// HTTP on this machine, for bench/consent.sh. A bare Kestrel server with one endpoint, <c>GET /state?subject=…</c>, that
/// keys the browser id as Lethe does, sends Lethe's query (prepared, on Lethe's pool settings) and answers the newest
/// choice per purpose as JSON: no authentication, tenant, data map, audit, middleware or logging. What Lethe's state read
/// costs beyond this row is Lethe's own; what this row costs beyond the liveness probe is HTTP plus a database round trip.
/// </summary>
internal static class BareState
{
    private const string Usage = "usage: Lethe.Benchmarks bare-state --tenant <slug> --connection <PostgreSQL> --urls <http://127.0.0.1:PORT>";

    private const string Query = """
        SELECT "Action", "PurposesJson", "OccurredAt" FROM consent_events
        WHERE "TenantId" = $1 AND "Subject" = $2
        ORDER BY "OccurredAt" DESC, "Position" DESC LIMIT 32
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        string? tenant = null, connection = null, urls = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--tenant" when i + 1 < args.Length: tenant = args[++i]; break;
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--urls" when i + 1 < args.Length: urls = args[++i]; break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if (tenant is null || connection is null || urls is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var (tenantId, key) = await ConsentSubjects.SubjectKeyAsync(connection, tenant);
        await using var source = NpgsqlDataSource.Create(PostgresDefaults.Apply(connection));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        await using var app = builder.Build();
        app.MapGet("/state", async (string subject, CancellationToken ct) =>
        {
            var keyed = ConsentSubject.Key(ConsentSubject.Browser, subject, key);
            await using var command = source.CreateCommand(Query);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyed });
            var newest = new Dictionary<string, BareChoice>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var given = reader.GetString(0) == ConsentAction.Given;
                var at = reader.GetDateTime(2);
                foreach (var purpose in JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [])
                {
                    newest.TryAdd(purpose, new BareChoice(purpose, given, at));
                }
            }

            return Results.Json(newest.Values);
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare state server for tenant {tenantId} on {urls}"));
        await app.RunAsync();
        return 0;
    }

    private sealed record BareChoice(string Purpose, bool Given, DateTime ChangedAt);
}
