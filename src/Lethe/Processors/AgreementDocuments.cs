using System.Globalization;
using System.Security.Cryptography;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Processors;

/// <summary>Keeping and handing out the signed agreements with the data map's processors; every upload and download is audited.</summary>
public sealed class AgreementDocuments(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time)
{
    public const int MaxFileName = 200;

    /// <summary>Agreements are documents, not archives: 10 MB holds a scanned, signed one with its annexes.</summary>
    public const int MaxSize = 10 * 1024 * 1024;

    public const string Pdf = "application/pdf";

    /// <summary>The documents kept, without their bytes.</summary>
    public async Task<IReadOnlyList<StoredAgreement>> ListAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.AgreementDocuments.AsNoTracking().OrderBy(d => d.UploadedAt)
            .Select(d => new StoredAgreement(d.ProcessorKey, d.Id, d.FileName, d.Size, d.Sha256, d.UploadedAt)).ToListAsync(ct);
    }

    /// <summary>Every processor of the data map in force with its newest document; empty without a data map.</summary>
    public async Task<IReadOnlyList<AgreementStatus>> StatusAsync(Tenant tenant, CancellationToken ct) =>
        await dataMap.CurrentManifestAsync(tenant, ct) is { } manifest ? ProcessorAgreements.Of(manifest, await ListAsync(tenant, ct)) : [];

    /// <summary>
    /// Keeps <paramref name="content"/> as the agreement with the processor <paramref name="processorKey"/> of the data
    /// map in force. Only PDF is taken, checked by its first bytes as well as its declared type, so what is handed out
    /// later is never a page a browser would run.
    /// </summary>
    public async Task<Outcome<StoredAgreement>> UploadAsync(
        Tenant tenant, AuditActor actor, string processorKey, string? fileName, string? contentType, byte[] content, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var errors = new ValidationErrors();
        var manifest = await dataMap.CurrentManifestAsync(tenant, ct);
        if (manifest?.Processors.Any(p => p.Key == processorKey) != true)
        {
            return new NotFound("Processor", processorKey);
        }

        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        if (name.Length == 0)
        {
            name = processorKey + ".pdf";
        }

        if (name.Length > MaxFileName || name.Any(char.IsControl))
        {
            errors.Add("fileName", Texts.Fill(Texts.Get("error.agreement.file_name", "en"), new Dictionary<string, string> { ["max"] = MaxFileName.ToString(CultureInfo.InvariantCulture) }));
        }

        if (!string.Equals(contentType?.Split(';')[0].Trim(), Pdf, StringComparison.OrdinalIgnoreCase) || !content.AsSpan().StartsWith("%PDF-"u8))
        {
            errors.Add("file", Texts.Get("error.agreement.pdf", "en"));
        }

        if (content.Length == 0 || content.Length > MaxSize)
        {
            errors.Add("file", Texts.Fill(Texts.Get("error.agreement.size", "en"), new Dictionary<string, string> { ["max"] = (MaxSize / 1024 / 1024).ToString(CultureInfo.InvariantCulture) }));
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var document = new AgreementDocument
        {
            TenantId = tenant.Id,
            ProcessorKey = processorKey,
            FileName = name,
            ContentType = Pdf,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            UploadedAt = time.GetUtcNow().UtcDateTime,
            UploadedBy = actor.Name,
        };
        db.AgreementDocuments.Add(document);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.AgreementUploaded, tenant.Id, $"processor:{processorKey}", new Dictionary<string, string?>
        {
            ["document"] = document.Id.ToString(),
            ["sha256"] = document.Sha256,
            ["size"] = document.Size.ToString(CultureInfo.InvariantCulture),
        }), ct);
        return new StoredAgreement(processorKey, document.Id, document.FileName, document.Size, document.Sha256, document.UploadedAt);
    }

    /// <summary>The newest document for <paramref name="processorKey"/>, its download audited first.</summary>
    public async Task<Outcome<AgreementDocument>> DownloadAsync(Tenant tenant, AuditActor actor, string processorKey, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.AgreementDocuments.AsNoTracking().Where(d => d.ProcessorKey == processorKey).OrderByDescending(d => d.UploadedAt)
                .FirstOrDefaultAsync(ct) is not { } document)
        {
            return new NotFound("Agreement document", processorKey);
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.AgreementDownloaded, tenant.Id, $"processor:{processorKey}",
            new Dictionary<string, string?> { ["document"] = document.Id.ToString() }), ct);
        return document;
    }
}
