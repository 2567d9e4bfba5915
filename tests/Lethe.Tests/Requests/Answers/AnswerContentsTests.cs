using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Requests.Answers;

public sealed class AnswerContentsTests
{
    private static async Task<ZipArchive> AnswerAsync(DemoStore store, AnswerKind kind, params Identity[] identities)
    {
        await using var contents = new AnswerContents(store.Manifest, kind);
        var connector = store.Connector();
        await connector.ReadAsync(identities, row => contents.AddAsync(store.Name, row, connector.FilesRoot, default), default);
        var zip = new MemoryStream();
        await contents.WriteZipAsync(zip, TestClock.Start, default);
        zip.Position = 0;
        return new ZipArchive(zip);
    }

    private static JsonElement Json(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
    }

    private static string[] CsvLines(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Access_gives_every_row_per_collection_as_json_and_csv_with_categories_and_the_audio_files(DatabaseProvider provider)
    {
        var pbx = await DemoStore.BuildAsync(provider, "flexfone", "pbx", people: 10, now: TestClock.Start);
        var employee = (await pbx.QueryAsync("SELECT e.id, e.extension, e.full_name FROM employees e WHERE EXISTS (SELECT 1 FROM voicemails v WHERE v.employee_id = e.id) ORDER BY e.id")).First();
        var id = Convert.ToInt64(employee[0], CultureInfo.InvariantCulture);
        // A name a spreadsheet would run as a formula.
        await pbx.ExecuteAsync($"UPDATE employees SET full_name = '=HYPERLINK(\"http://evil\")' WHERE id = {id}");

        using var zip = await AnswerAsync(pbx, AnswerKind.Access, new Identity("extension", (string)employee[1]!), new Identity("full_name", "=HYPERLINK(\"http://evil\")"));

        var employees = Json(zip, "pbx.db/employees.json");
        employees.GetProperty("fields").GetProperty("mobile").GetString().ShouldBe("contact.phone");
        employees.GetProperty("fields").GetProperty("id").ValueKind.ShouldBe(JsonValueKind.Null);
        employees.GetProperty("rows").GetArrayLength().ShouldBe(1);
        employees.GetProperty("rows")[0].GetProperty("full_name").GetString().ShouldBe("=HYPERLINK(\"http://evil\")");
        var csv = CsvLines(zip, "pbx.db/employees.csv");
        csv.Length.ShouldBe(2);
        csv[1].ShouldContain("'=HYPERLINK");

        foreach (var table in new[] { "call_recordings", "voicemails", "usage_log" })
        {
            var expected = (await pbx.QueryAsync($"SELECT count(*) FROM {table} WHERE employee_id = {id}")).Single()[0];
            Json(zip, $"pbx.db/{table}.json").GetProperty("rows").GetArrayLength().ShouldBe(Convert.ToInt32(expected, CultureInfo.InvariantCulture), table);
            CsvLines(zip, $"pbx.db/{table}.csv").Length.ShouldBe(Convert.ToInt32(expected, CultureInfo.InvariantCulture) + 1, table);
        }

        foreach (var path in (await pbx.QueryAsync($"SELECT audio_file FROM voicemails WHERE employee_id = {id}")).Select(r => (string)r[0]!))
        {
            var entry = zip.GetEntry($"files/pbx.db/{path}");
            entry.ShouldNotBeNull(path);
            using var audio = new MemoryStream();
            await entry.Open().CopyToAsync(audio);
            audio.ToArray().ShouldBe(await File.ReadAllBytesAsync(Path.Combine(pbx.FilesDirectory, path)));
        }

        var summary = Json(zip, "summary.json");
        summary.GetProperty("kind").GetString().ShouldBe("access");
        summary.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("collection").GetString() == "customers").GetProperty("context").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Portability_gives_only_what_is_processed_under_consent_or_contract()
    {
        var erp = await DemoStore.BuildAsync(DatabaseProvider.Sqlite, "small-business", "erp", people: 10, now: TestClock.Start);
        var customer = (await erp.QueryAsync("SELECT c.customer_number FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY c.id")).First();

        using var zip = await AnswerAsync(erp, AnswerKind.Portability, new Identity("customer_number", (string)customer[0]!));

        var customers = Json(zip, "erp.db/customers.json");
        customers.GetProperty("fields").EnumerateObject().Select(p => p.Name).Order().ShouldBe(["address", "customer_number", "email", "name", "phone"]);
        Json(zip, "erp.db/orders.json").GetProperty("fields").EnumerateObject().Select(p => p.Name).ShouldBe(["lines"]);
        Json(zip, "summary.json").GetProperty("kind").GetString().ShouldBe("portability");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Data_kept_under_a_legal_obligation_is_not_portable(DatabaseProvider provider)
    {
        var billing = await DemoStore.BuildAsync(provider, "flex4business", "billing", people: 5, now: TestClock.Start);
        var number = (string)(await billing.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First()[0]!;

        using var zip = await AnswerAsync(billing, AnswerKind.Portability, new Identity("customer_number", number));

        zip.Entries.Select(e => e.FullName).ShouldBe(["summary.json"]);
        using var access = await AnswerAsync(billing, AnswerKind.Access, new Identity("customer_number", number));
        access.GetEntry("billing.db/customers.json").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("voicemails/../../secret.wav")]
    [InlineData("")]
    public void A_file_path_that_leaves_the_files_directory_is_refused(string path) =>
        DatastoreFiles.Resolve("/srv/pbx-files", path).ShouldBeNull();

    [Fact]
    public void A_file_path_inside_the_files_directory_is_resolved() =>
        DatastoreFiles.Resolve("/srv/pbx-files", "voicemails/12.wav").ShouldBe("/srv/pbx-files/voicemails/12.wav");

    [Fact]
    public void A_symbolic_link_inside_the_files_directory_is_not_followed()
    {
        var root = Directory.CreateTempSubdirectory("lethe-files-").FullName;
        var outside = Directory.CreateTempSubdirectory("lethe-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "key-ring.key"), "secret");
        Directory.CreateDirectory(Path.Combine(root, "voicemails"));
        File.WriteAllText(Path.Combine(root, "voicemails", "12.wav"), "audio");
        File.CreateSymbolicLink(Path.Combine(root, "voicemails", "13.wav"), Path.Combine(outside, "key-ring.key"));
        Directory.CreateSymbolicLink(Path.Combine(root, "elsewhere"), outside);

        DatastoreFiles.Resolve(root, "voicemails/12.wav").ShouldBe(Path.Combine(root, "voicemails", "12.wav"));
        DatastoreFiles.Resolve(root, "voicemails/13.wav").ShouldBeNull();
        DatastoreFiles.Resolve(root, "elsewhere/key-ring.key").ShouldBeNull();
        // Retention does not delete through a link either: the file is reported as left.
        var (removed, left) = Lethe.Connectors.DatastoreFiles.Remove(["voicemails/13.wav"], root);
        removed.ShouldBe(0);
        left.ShouldBe(["voicemails/13.wav"]);
        File.Exists(Path.Combine(outside, "key-ring.key")).ShouldBeTrue();
    }
}
