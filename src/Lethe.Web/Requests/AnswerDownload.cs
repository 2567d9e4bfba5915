using Lethe.Audit;
using Lethe.Common;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tenancy;

namespace Lethe.Web.Requests;

/// <summary>An answer package for download, spooled to a temporary file first so a failure is a problem, not a broken download.</summary>
public static class AnswerDownload
{
    /// <returns>The ZIP, positioned at its start; the file is deleted when the stream is closed.</returns>
    public static async Task<Outcome<Stream>> SpoolAsync(AnswerZip answers, Tenant tenant, AuditActor actor, Guid id, CancellationToken ct)
    {
        var stream = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        var written = await answers.WriteAsync(tenant, actor, id, stream, ct);
        if (!written.Succeeded)
        {
            await stream.DisposeAsync();
            return written.Failure;
        }

        stream.Position = 0;
        return stream;
    }

    public static string FileName(Tenant tenant, Guid id) => $"{tenant.Slug}-request-{id:N}.zip";
}
