using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Lethe.Tests.DataMap;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

public sealed class RecordsApiTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private async Task ImportSampleAsync()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "flex4business", "manifest.yaml"));
        var put = await fixture.Admin.PutAsync("/api/v1/tenants/tenant-a/manifest", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_records_download_as_xlsx_csv_and_json()
    {
        await ImportSampleAsync();

        var xlsx = await fixture.Admin.GetAsync("/api/v1/tenants/tenant-a/records/controller?format=xlsx&language=da");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        xlsx.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("tenant-a-art30-controller-da.xlsx");
        using (var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false))
        {
            document.WorkbookPart!.WorksheetParts.Single().Worksheet.InnerText.ShouldContain("Bogføringsloven § 10");
        }

        var csv = await fixture.Admin.GetStringAsync("/api/v1/tenants/tenant-a/records/processor");
        csv.ShouldContain("saas_for_customers");
        var json = await fixture.Admin.GetStringAsync("/api/v1/tenants/tenant-a/records/controller?format=json");
        json.ShouldContain("\"article\": \"GDPR Art. 30(1)\"");
    }

    [Theory]
    [InlineData("/api/v1/tenants/tenant-a/records/joint", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/tenants/tenant-a/records/controller?format=pdf", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/tenants/tenant-a/records/controller?language=sv", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/tenants/no-such-tenant/records/controller", HttpStatusCode.NotFound)]
    public async Task Wrong_requests_are_problems(string url, HttpStatusCode status)
    {
        await ImportSampleAsync();
        await (await fixture.Admin.GetAsync(url)).ShouldBeProblemAsync(status);
    }
}
