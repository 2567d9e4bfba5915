using Lethe.Common;
using Lethe.DataMap;
using Lethe.Storage;

namespace Lethe.Web.Api;

/// <summary>The one place where expected failures become RFC 9457 problem details.</summary>
public static class ProblemResults
{
    /// <summary>
    /// The status of each kind of failure; null for a kind nobody decided about yet. <see cref="Failure"/> is closed to
    /// Lethe's core, and a test enumerates every kind in it, so a new one cannot ship without a line here.
    /// </summary>
    public static int? StatusOf(Failure failure) => failure switch
    {
        InvalidInput or InvalidManifest or SettingProblem => StatusCodes.Status400BadRequest,
        NotAllowed => StatusCodes.Status403Forbidden,
        NotFound => StatusCodes.Status404NotFound,
        Conflict => StatusCodes.Status409Conflict,
        Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => null,
    };

    public static IResult From(Failure failure) => failure switch
    {
        InvalidInput invalid => TypedResults.ValidationProblem(
            invalid.Errors.ToDictionary(e => e.Key, e => e.Value), detail: invalid.Detail, title: invalid.Title),
        InvalidManifest manifest => new BadRequestProblem(manifest.Title, manifest.Detail, new Dictionary<string, object?>
        {
            ["errors"] = manifest.Errors.Select(e => new { e.File, e.Line, e.Column, e.Field, e.Message, text = e.ToString() }).ToList(),
        }),
        _ => StatusOf(failure) switch
        {
            StatusCodes.Status403Forbidden => new ForbiddenProblem(failure),
            StatusCodes.Status404NotFound => new NotFoundProblem(failure),
            StatusCodes.Status409Conflict => new ConflictProblem(failure),
            StatusCodes.Status503ServiceUnavailable => new UnavailableProblem(failure),
            // 400 also for a kind of failure not mapped yet: it is still expected and still says what went wrong, so
            // the caller hears it rather than a 500 (the test of every failure kind fails until it has its own line).
            _ => new BadRequestProblem(failure.Title, failure.Detail),
        },
    };

    /// <summary>The answer of every <c>/tenants/{tenant}</c> endpoint for a slug no tenant has (see <see cref="TenantRoutes"/>).</summary>
    public static NotFoundProblem UnknownTenant(string? slug) => new(new NotFound("Tenant", slug ?? ""));
}
