using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Tenancy;

/// <summary>
/// A secret is shown once, when it is made, and never again: not to read-only roles, not to keys, not even encrypted
/// (ciphertext in a response is one stolen key ring away from the secret). Answers say only whether one is set.
/// </summary>
public sealed class TenantSecretTests : ServerPerTest
{
    [Fact]
    public async Task The_status_webhook_secret_is_in_no_tenant_answer_or_page_only_whether_one_is_set()
    {
        var tenant = await Server.Database.CreateTenantAsync("tenant-a");
        await Server.AddPersonAsync("po@lethe.test", Role.PrivacyOfficer, tenant);
        await Server.AddPersonAsync("auditor@lethe.test", Role.Auditor, tenant);
        using var po = await Server.SignInAsync("po@lethe.test");
        var set = await po.PutAsJsonAsync("/api/v1/tenants/tenant-a/status-webhook", new { url = "https://helpdesk.example.dk/lethe" });
        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        var secret = JsonDocument.Parse(await set.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        var stored = await StoredSecretAsync();

        using var auditor = await Server.SignInAsync("auditor@lethe.test");
        using var key = Server.WithApiKey((await Server.Database.IssueKeyAsync(tenant, "tenant:read")).Secret);
        var one = await auditor.GetStringAsync("/api/v1/tenants/tenant-a");
        var answers = new List<string> { one, await key.GetStringAsync("/api/v1/tenants/tenant-a"), await auditor.GetStringAsync("/api/v1/tenants") };
        var edited = await po.PutAsJsonAsync("/api/v1/tenants/tenant-a", EditOf(one));
        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        answers.Add(await edited.Content.ReadAsStringAsync());
        answers.Add(await po.GetStringAsync("/t/tenant-a"));
        answers.Add(await po.GetStringAsync("/t/tenant-a/edit"));

        foreach (var answer in answers)
        {
            answer.ShouldContain("tenant-a", customMessage: "an answer about the tenant, not an empty page or the sign-in form");
            answer.ShouldNotContain(stored);
            answer.ShouldNotContain(secret);
            answer.ShouldNotContain("\"statusWebhookSecret\"");
        }

        JsonDocument.Parse(one).RootElement.GetProperty("statusWebhookSecretSet").GetBoolean().ShouldBeTrue();
        JsonDocument.Parse(answers[2]).RootElement[0].GetProperty("statusWebhookSecretSet").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_no_secret_field_of_a_tenant()
    {
        using var client = Server.Anonymous();
        var document = await client.GetStringAsync("/openapi/v1.json");

        document.ShouldNotContain("\"statusWebhookSecret\"");
        document.ShouldContain("\"statusWebhookSecretSet\"");
    }

    private async Task<string> StoredSecretAsync()
    {
        await using var scope = Server.Database.Scope();
        var tenant = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.SingleAsync(t => t.Slug == "tenant-a");
        return tenant.StatusWebhookSecret.ShouldNotBeNull();
    }

    /// <summary>The tenant's own details sent back as an edit, with its name changed.</summary>
    private static Dictionary<string, string?> EditOf(string tenantJson)
    {
        var t = JsonDocument.Parse(tenantJson).RootElement;
        return new Dictionary<string, string?>
        {
            ["name"] = t.GetProperty("name").GetString() + " A/S",
            ["country"] = t.GetProperty("country").GetString(),
            ["registrationNumber"] = t.GetProperty("registrationNumber").GetString(),
            ["address"] = t.GetProperty("address").GetString(),
            ["contactEmail"] = t.GetProperty("contactEmail").GetString(),
        };
    }
}
