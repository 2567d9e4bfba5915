using System.Security.Cryptography;
using System.Text;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Processors;

public sealed class AgreementDocumentTests
{
    private static readonly AuditActor Officer = AuditActor.User("officer", "officer@flexfone.example");

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    private static async Task<T> WithAsync<T>(TestDatabase db, Func<AgreementDocuments, Task<T>> act)
    {
        await using var scope = db.Scope();
        return await act(scope.ServiceProvider.GetRequiredService<AgreementDocuments>());
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_signed_agreement_is_kept_as_uploaded_and_every_upload_and_download_is_audited(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("flexfone");
        await db.ImportAsync(tenant, ProcessorTenants.SampleYaml("flexfone"));

        var stored = (await WithAsync(db, d => d.UploadAsync(tenant, Officer, "tdc", "../../DBA TDC 2022.pdf", "application/pdf", Pdf, default))).Value.ShouldNotBeNull();
        stored.FileName.ShouldBe("DBA TDC 2022.pdf");
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Pdf)));
        stored.Size.ShouldBe(Pdf.Length);

        var document = (await WithAsync(db, d => d.DownloadAsync(tenant, Officer, "tdc", default))).Value.ShouldNotBeNull();
        document.Content.ShouldBe(Pdf);
        var status = (await WithAsync(db, d => d.StatusAsync(tenant, default))).ShouldHaveSingleItem();
        status.Document.ShouldNotBeNull().DocumentId.ShouldBe(stored.DocumentId);
        status.Missing.ShouldBeFalse();

        await using var scope = db.Scope();
        var audited = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.TenantId == tenant.Id && a.Action.StartsWith("processor.")).OrderBy(a => a.Sequence).ToListAsync();
        audited.Select(a => a.Action).ShouldBe([AuditActions.AgreementUploaded, AuditActions.AgreementDownloaded]);
        audited[0].Details.ShouldNotBeNull().ShouldContain(stored.Sha256);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Only_a_pdf_of_a_processor_in_the_data_map_within_the_size_limit_is_taken(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("flexfone");
        var other = await db.CreateTenantAsync("other");
        await db.ImportAsync(tenant, ProcessorTenants.SampleYaml("flexfone"));

        (await WithAsync(db, d => d.UploadAsync(tenant, Officer, "nobody", "a.pdf", "application/pdf", Pdf, default))).Failure.ShouldBeOfType<NotFound>();
        (await WithAsync(db, d => d.UploadAsync(tenant, Officer, "tdc", "a.html", "text/html", Encoding.ASCII.GetBytes("<script>alert(1)</script>"), default)))
            .Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["file"]);
        // A page dressed up as a PDF is refused by its first bytes.
        (await WithAsync(db, d => d.UploadAsync(tenant, Officer, "tdc", "a.pdf", "application/pdf", Encoding.ASCII.GetBytes("<html>"), default)))
            .Failure.ShouldBeOfType<InvalidInput>();
        var huge = new byte[AgreementDocuments.MaxSize + 1];
        Pdf.CopyTo(huge, 0);
        (await WithAsync(db, d => d.UploadAsync(tenant, Officer, "tdc", "a.pdf", "application/pdf", huge, default))).Failure.ShouldBeOfType<InvalidInput>();

        (await WithAsync(db, d => d.UploadAsync(tenant, Officer, "tdc", "a.pdf", "application/pdf", Pdf, default))).Succeeded.ShouldBeTrue();
        // Another tenant sees none of it.
        (await WithAsync(db, d => d.DownloadAsync(other, Officer, "tdc", default))).Failure.ShouldBeOfType<NotFound>();
        (await WithAsync(db, d => d.ListAsync(other, default))).ShouldBeEmpty();
    }
}
