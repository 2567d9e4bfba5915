using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lethe.Web.Hosting;

/// <summary>
/// <c>/health/work</c>'s answer as JSON: the overall status and each check's status, description and data, so a monitor
/// reads which job keeps failing or since when the listener reconnects — kinds, ids and counts, never a tenant or a person.
/// The status code stays the health checks' own (503 when unhealthy).
/// </summary>
public static class HealthAnswer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var answer = new Report(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new Check(e.Value.Status.ToString(), e.Value.Description, e.Value.Data)));
        return JsonSerializer.SerializeAsync(context.Response.Body, answer, Json, context.RequestAborted);
    }

    private sealed record Report(string Status, Dictionary<string, Check> Checks);

    private sealed record Check(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
}
