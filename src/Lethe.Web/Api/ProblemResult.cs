using System.Reflection;
using Lethe.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Api;

/// <summary>
/// Problem details with a status its type states, so an endpoint that can answer it documents it by its signature.
/// The body is written exactly as <see cref="TypedResults.Problem(string?, string?, int?, string?, string?, IDictionary{string, object?}?)"/>
/// writes it (through the problem details service, trace id included).
/// </summary>
public abstract class ProblemResult : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>
{
    private readonly ProblemHttpResult _problem;

    private protected ProblemResult(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        _problem = TypedResults.Problem(detail: detail, title: title, statusCode: status, extensions: extensions);

    public int? StatusCode => _problem.StatusCode;

    public ProblemDetails Value => _problem.ProblemDetails;

    public Task ExecuteAsync(HttpContext httpContext) => _problem.ExecuteAsync(httpContext);

    private protected static void Document(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>400 for input that is wrong as a whole (a setting, a manifest) rather than field by field.</summary>
public sealed class BadRequestProblem(string title, string detail, IDictionary<string, object?>? extensions = null)
    : ProblemResult(StatusCodes.Status400BadRequest, title, detail, extensions), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status400BadRequest);
}

/// <summary>403 for an operation the caller's roles reach but the rule of the operation refuses (<see cref="NotAllowed"/>).</summary>
public sealed class ForbiddenProblem(Failure failure)
    : ProblemResult(StatusCodes.Status403Forbidden, failure.Title, failure.Detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status403Forbidden);
}

/// <summary>404 for a thing that does not exist or is not the caller's to see.</summary>
public sealed class NotFoundProblem(Failure failure)
    : ProblemResult(StatusCodes.Status404NotFound, failure.Title, failure.Detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status404NotFound);
}

/// <summary>409 for an operation the current state does not allow (a request already started, a duplicate).</summary>
public sealed class ConflictProblem(Failure failure)
    : ProblemResult(StatusCodes.Status409Conflict, failure.Title, failure.Detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status409Conflict);
}

/// <summary>415 for a body in a format the endpoint does not read.</summary>
public sealed class UnsupportedMediaTypeProblem(string title, string detail)
    : ProblemResult(StatusCodes.Status415UnsupportedMediaType, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>503 for an answer that depends on a system that cannot be reached now (<see cref="Unavailable"/>).</summary>
public sealed class UnavailableProblem(Failure failure)
    : ProblemResult(StatusCodes.Status503ServiceUnavailable, failure.Title, failure.Detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status503ServiceUnavailable);
}
