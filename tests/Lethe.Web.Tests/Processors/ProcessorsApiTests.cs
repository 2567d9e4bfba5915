using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Tests.Processors;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Processors;

public sealed class ProcessorsApiTests : ServerPerTest
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% signed agreement\n%%EOF\n");

    [Fact]
    public async Task An_officer_keeps_and_reads_an_agreement_and_a_customer_admin_objects_through_the_API()
    {
        var db = Server.Database;
        var flexfone = await db.CreateTenantAsync("flexfone-api");
        var yaml = ProcessorTenants.SampleYaml("flexfone");
        await db.ImportAsync(flexfone, yaml);
        var customer = await db.CreateTenantAsync("kunde-api");
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, flexfone);
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, customer);
        await Server.AddPersonAsync("ejer@kunde.example", Role.CustomerAdmin, customer);
        using var officer = await Server.SignInAsync("dpo@flexfone.example");

        (await officer.PutAsJsonAsync("/api/v1/tenants/kunde-api/served-by", new { processor = "flexfone-api" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var html = new ByteArrayContent(Encoding.ASCII.GetBytes("<html>"));
        html.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        (await officer.PutAsync("/api/v1/tenants/flexfone-api/processors/tdc/agreement?fileName=a.html", html)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var pdf = new ByteArrayContent(Pdf);
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        (await officer.PutAsync("/api/v1/tenants/flexfone-api/processors/tdc/agreement?fileName=DBA-TDC.pdf", pdf)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var download = await officer.GetAsync("/api/v1/tenants/flexfone-api/processors/tdc/agreement");
        download.Content.Headers.ContentType?.MediaType.ShouldBe("application/pdf");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
        var agreements = JsonDocument.Parse(await officer.GetStringAsync("/api/v1/tenants/flexfone-api/processors")).RootElement;
        agreements[0].GetProperty("reviewDate").GetString().ShouldBe("2026-09-01");
        agreements[0].GetProperty("agreementMissing").GetBoolean().ShouldBeFalse();
        agreements[0].GetProperty("document").GetProperty("fileName").GetString().ShouldBe("DBA-TDC.pdf");
        JsonDocument.Parse(await officer.GetStringAsync("/api/v1/tenants/flexfone-api/processors/due-for-review?by=2026-09-01")).RootElement.GetArrayLength().ShouldBe(1);
        JsonDocument.Parse(await officer.GetStringAsync("/api/v1/tenants/flexfone-api/processors/due-for-review?by=2026-08-31")).RootElement.GetArrayLength().ShouldBe(0);

        await db.ImportAsync(flexfone, yaml.Replace("name: TDC Holding A/S", "name: Telia Danmark", StringComparison.Ordinal));

        using var admin = await Server.SignInAsync("ejer@kunde.example");
        var seen = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/tenants/kunde-api/sub-processors")).RootElement;
        seen.GetProperty("servedBy").GetString().ShouldBe("flexfone-api");
        // Telia is announced, not in use, until the 30 days' notice ends; TDC does the work until then.
        var listed = seen.GetProperty("subProcessors");
        listed.GetArrayLength().ShouldBe(2);
        listed[0].GetProperty("name").GetString().ShouldBe("TDC Holding A/S");
        listed[0].GetProperty("inUse").GetBoolean().ShouldBeTrue();
        listed[1].GetProperty("name").GetString().ShouldBe("Telia Danmark");
        listed[1].GetProperty("inUse").GetBoolean().ShouldBeFalse();
        var effective = listed[1].GetProperty("effectiveAt").GetDateTime();
        (effective - DateTime.UtcNow).TotalDays.ShouldBeInRange(29.9, 30.0);
        listed[0].GetProperty("inUseUntil").GetDateTime().ShouldBe(effective);
        using (var anonymous = Server.Anonymous())
        {
            // The public list at its stable address says the same, in the visitor's language.
            var page = await anonymous.GetStringAsync("/p/kunde-api/sub-processors?culture=en");
            page.ShouldContain("id=\"sub-processor-tdc\"");
            page.ShouldContain("id=\"announced-tdc\"");
            page.ShouldContain("in use until");
            page.ShouldContain("announced, takes effect on");
        }

        var notice = seen.GetProperty("notices")[0];
        notice.GetProperty("replaces").GetString().ShouldBe("TDC Holding A/S");
        notice.GetProperty("mayObject").GetBoolean().ShouldBeTrue();

        var objected = await admin.PostAsJsonAsync($"/api/v1/tenants/kunde-api/sub-processors/notices/{notice.GetProperty("id").GetGuid()}/objection",
            new { reason = "We have not assessed Telia's transfers yet." });
        objected.StatusCode.ShouldBe(HttpStatusCode.OK);

        var changes = JsonDocument.Parse(await officer.GetStringAsync("/api/v1/tenants/flexfone-api/sub-processor-changes")).RootElement;
        var answer = changes[0].GetProperty("customers").EnumerateArray().Single();
        answer.GetProperty("tenant").GetString().ShouldBe("kunde-api");
        answer.GetProperty("objection").GetString().ShouldBe("We have not assessed Telia's transfers yet.");
    }
}
