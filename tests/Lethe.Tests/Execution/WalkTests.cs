using System.Data.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Connectors;
using Lethe.Tests.Support;

namespace Lethe.Tests.Execution;

public sealed class WalkTests
{
    private static Lethe.DataMap.Datastore Pbx() => DatastoreCheckTests.Flexfone().Systems.Single(s => s.Key == "pbx").Datastores[0];

    [Fact]
    public void An_employee_found_by_extension_and_full_name_brings_their_recordings_voicemails_and_logs_and_their_company_as_context()
    {
        var plan = WalkPlan.For("pbx.db", Pbx(), [new Identity("extension", "201"), new Identity("full_name", "Åse Hansen")]);

        plan.Steps.Select(s => (s.Kind, s.Collection)).ShouldBe(
        [
            (StepKind.Identity, "employees"),
            (StepKind.BelongsTo, "call_recordings"), (StepKind.BelongsTo, "voicemails"), (StepKind.BelongsTo, "usage_log"),
            (StepKind.Context, "customers"),
        ]);
        // Only the columns the data map names are read: never *, so an undescribed column (a password hash) never leaves the database.
        var employees = string.Join(", ", plan.Columns["employees"].Select(c => $"\"{c}\""));
        employees.ShouldNotContain("*");
        plan.Columns["employees"].ShouldBe(Pbx().Collections.Single(c => c.Name == "employees").Fields.Select(f => f.Name).Prepend("id").Distinct());
        WalkSql.For(plan.Steps[0], plan.Columns["employees"], postgres: true).ShouldBe($"SELECT {employees} FROM \"employees\" WHERE lower(trim(replace(replace(\"full_name\", '  ', ' '), '  ', ' '))) = @i0_0 AND \"extension\" = @i1_0");
        WalkSql.For(plan.Steps[1], ["id", "employee_id"], postgres: true).ShouldBe("SELECT \"id\", \"employee_id\" FROM \"call_recordings\" WHERE \"employee_id\" = ANY(@keys)");
        WalkSql.For(plan.Steps[4], ["id"], postgres: false).ShouldBe("SELECT \"id\" FROM \"customers\" WHERE \"id\" IN (SELECT value FROM json_each(@keys))");
        Should.Throw<ArgumentException>(() => WalkSql.For(plan.Steps[4], [], postgres: false));
    }

    [Fact]
    public void Half_a_composite_identity_finds_no_one()
    {
        // The telecom seed asks for extension number and full name together; an extension alone could be anyone's.
        var extension = new Identity("extension", "201");

        WalkPlan.For("pbx.db", Pbx(), [extension, new Identity("full_name", "Lone Madsen")]).Steps.ShouldContain(s => s.Collection == "employees", "both halves find the employee");
        WalkPlan.For("pbx.db", Pbx(), [extension]).Steps.ShouldNotContain(s => s.Collection == "employees");
    }

    private static async Task<DbConnection> OpenDemoPbxAsync(DatabaseProvider provider)
    {
        var (pbx, _) = await DatastoreCheckTests.BuildPbxAsync(provider);
        var connection = LiveSchema.Connect(provider == DatabaseProvider.Sqlite ? DatastoreKind.Sqlite : DatastoreKind.Postgres, pbx);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<long>> IdsAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return ids;
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Access_finds_exactly_the_rows_hand_written_queries_find(DatabaseProvider provider)
    {
        await using var connection = await OpenDemoPbxAsync(provider);
        // The employee with the most recordings, so the test has rows to compare.
        var employee = (await IdsAsync(connection,
            "SELECT employee_id FROM call_recordings GROUP BY employee_id ORDER BY count(*) DESC, employee_id LIMIT 1")).Single();
        string extension = "", name = "";
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT extension, full_name FROM employees WHERE id = {employee}";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            (extension, name) = (reader.GetString(0), reader.GetString(1));
        }

        Identity[] identities = [new("extension", extension), new("full_name", name)];
        var result = await WalkRunner.CollectAsync(connection, WalkPlan.For("pbx.db", Pbx(), identities), identities, default);

        long[] Found(string collection) => result.Rows.GetValueOrDefault(collection, [])
            .Select(r => Convert.ToInt64(r["id"], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Found("employees").ShouldBe([employee]);
        foreach (var table in new[] { "call_recordings", "voicemails", "usage_log" })
        {
            var expected = await IdsAsync(connection, $"SELECT id FROM {table} WHERE employee_id = {employee} ORDER BY id");
            Found(table).ShouldBe(expected.ToArray(), table);
        }

        result.Context.ShouldContain("customers", "the employee's company is shown as context");
        result.Rows.Keys.ShouldNotContain("customers", "a company is not the employee's own data");
        Found("call_recordings").ShouldNotBeEmpty();
        result.Rows.Keys.ShouldNotContain("invoices", "a company's invoices are not the employee's data");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Hostile_identity_values_find_nothing_and_change_nothing(DatabaseProvider provider)
    {
        await using var connection = await OpenDemoPbxAsync(provider);
        var before = (await IdsAsync(connection, "SELECT count(*) FROM employees")).Single();

        foreach (var value in new[] { "' OR '1'='1", "201'; DROP TABLE employees; --", "Æblegrød Øst Åsen 🎉", new string('x', 100_000), "\"", "%", "_" })
        {
            Identity[] identities = [new("extension", value), new("full_name", value)];
            var result = await WalkRunner.CollectAsync(connection, WalkPlan.For("pbx.db", Pbx(), identities), identities, default);
            result.Count.ShouldBe(0, value.Length > 40 ? value[..40] : value);
        }

        (await IdsAsync(connection, "SELECT count(*) FROM employees")).Single().ShouldBe(before);
    }
}
