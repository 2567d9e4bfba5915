using Lethe.Common;

namespace Lethe.Web.Api;

/// <summary>The one place where expected failures become RFC 9457 problem details.</summary>
public static class ProblemResults
{
    public static IResult From(Failure failure) => failure switch
    {
        InvalidInput invalid => TypedResults.ValidationProblem(
            invalid.Errors.ToDictionary(e => e.Key, e => e.Value), detail: invalid.Detail, title: invalid.Title),
        NotFound => Problem(failure, StatusCodes.Status404NotFound),
        Conflict => Problem(failure, StatusCodes.Status409Conflict),
        NotAllowed => Problem(failure, StatusCodes.Status403Forbidden),
        Unavailable => Problem(failure, StatusCodes.Status503ServiceUnavailable),
        Lethe.Storage.SettingProblem => Problem(failure, StatusCodes.Status400BadRequest),
        Lethe.DataMap.InvalidManifest manifest => TypedResults.Problem(
            detail: manifest.Detail, title: manifest.Title, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = manifest.Errors.Select(e => new { e.File, e.Line, e.Column, e.Field, e.Message, text = e.ToString() }).ToList(),
            }),
        _ => throw new InvalidOperationException($"No HTTP mapping for {failure.GetType().Name}."),
    };

    public static IResult UnknownTenant(string? slug) =>
        From(new NotFound("Tenant", slug ?? ""));

    private static IResult Problem(Failure failure, int status) =>
        TypedResults.Problem(detail: failure.Detail, title: failure.Title, statusCode: status);
}
