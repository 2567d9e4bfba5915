using System.Reflection;
using Lethe.Common;
using Microsoft.AspNetCore.Http.Metadata;

namespace Lethe.Web.Api;

/// <summary>
/// A handler's answer: its success result, or problem details for the <see cref="Failure"/> its operation returned
/// (mapped by <see cref="ProblemResults.From"/>) or for a problem the handler found itself (a <see cref="ProblemResult"/>).
/// The problem type arguments are the statuses the endpoint documents, so the OpenAPI document is read off the
/// signature like <c>Results&lt;…&gt;</c>'s. Unlike <c>Results&lt;…&gt;</c> it takes a failure whose kind is known only at
/// run time, which keeps the failure map in one place; the answer always has the status that map gives, and
/// <c>OpenApiResponsesTests</c> checks that the documented statuses cover what endpoints answer.
/// </summary>
public abstract class OrProblem : IResult, INestedHttpResult
{
    private protected OrProblem(IResult result) => Result = result;

    public IResult Result { get; }

    public Task ExecuteAsync(HttpContext httpContext) => Result.ExecuteAsync(httpContext);

    private protected static void Populate<T>(MethodInfo method, EndpointBuilder builder)
    {
        // File and text results describe no response of their own; their endpoints say .Produces(…) by hand.
        if (typeof(IEndpointMetadataProvider).IsAssignableFrom(typeof(T)))
        {
            PopulateMethod.MakeGenericMethod(typeof(T)).Invoke(null, [method, builder]);
        }
    }

    private static readonly MethodInfo PopulateMethod =
        typeof(OrProblem).GetMethod(nameof(PopulateProvider), BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException($"{nameof(PopulateProvider)} is declared just below.");

    private static void PopulateProvider<T>(MethodInfo method, EndpointBuilder builder) where T : IEndpointMetadataProvider =>
        T.PopulateMetadata(method, builder);
}

/// <inheritdoc cref="OrProblem"/>
public sealed class OrProblem<TOk, TProblem> : OrProblem, IEndpointMetadataProvider
    where TOk : IResult
    where TProblem : IResult, IEndpointMetadataProvider
{
    private OrProblem(IResult result) : base(result)
    {
    }

    public static implicit operator OrProblem<TOk, TProblem>(TOk ok) => new(ok);

    public static implicit operator OrProblem<TOk, TProblem>(Failure failure) => new(ProblemResults.From(failure));

    public static implicit operator OrProblem<TOk, TProblem>(ProblemResult problem) => new(problem);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Populate<TOk>(method, builder);
        TProblem.PopulateMetadata(method, builder);
    }
}

/// <inheritdoc cref="OrProblem"/>
public sealed class OrProblem<TOk, TProblem1, TProblem2> : OrProblem, IEndpointMetadataProvider
    where TOk : IResult
    where TProblem1 : IResult, IEndpointMetadataProvider
    where TProblem2 : IResult, IEndpointMetadataProvider
{
    private OrProblem(IResult result) : base(result)
    {
    }

    public static implicit operator OrProblem<TOk, TProblem1, TProblem2>(TOk ok) => new(ok);

    public static implicit operator OrProblem<TOk, TProblem1, TProblem2>(Failure failure) => new(ProblemResults.From(failure));

    public static implicit operator OrProblem<TOk, TProblem1, TProblem2>(ProblemResult problem) => new(problem);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Populate<TOk>(method, builder);
        TProblem1.PopulateMetadata(method, builder);
        TProblem2.PopulateMetadata(method, builder);
    }
}

/// <inheritdoc cref="OrProblem"/>
public sealed class OrProblem<TOk, TProblem1, TProblem2, TProblem3> : OrProblem, IEndpointMetadataProvider
    where TOk : IResult
    where TProblem1 : IResult, IEndpointMetadataProvider
    where TProblem2 : IResult, IEndpointMetadataProvider
    where TProblem3 : IResult, IEndpointMetadataProvider
{
    private OrProblem(IResult result) : base(result)
    {
    }

    public static implicit operator OrProblem<TOk, TProblem1, TProblem2, TProblem3>(TOk ok) => new(ok);

    public static implicit operator OrProblem<TOk, TProblem1, TProblem2, TProblem3>(Failure failure) => new(ProblemResults.From(failure));

    public static implicit operator OrProblem<TOk, TProblem1, TProblem2, TProblem3>(ProblemResult problem) => new(problem);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Populate<TOk>(method, builder);
        TProblem1.PopulateMetadata(method, builder);
        TProblem2.PopulateMetadata(method, builder);
        TProblem3.PopulateMetadata(method, builder);
    }
}
