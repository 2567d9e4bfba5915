using System.Reflection;
using System.Text.Json;
using Lethe.Common;
using Lethe.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Api;

/// <summary>
/// Every kind of <see cref="Failure"/> in Lethe's assemblies, found by reflection, has its own line in the one failure
/// map and becomes a 4xx problem (503 for a system that is down) with a title and a detail: a new kind cannot compile into a 500, nor ship unmapped.
/// </summary>
public sealed class FailureMapTests
{
    public static TheoryData<Type> FailureKinds() => new(Kinds());

    private static IEnumerable<Type> Kinds() =>
        LetheAssemblies().SelectMany(LoadableTypes)
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && t.IsAssignableTo(typeof(Failure)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void The_failure_kinds_found_include_the_known_ones()
    {
        var found = Kinds().ToList();

        found.ShouldContain(typeof(InvalidInput));
        found.ShouldContain(typeof(NotFound));
        found.ShouldContain(typeof(Conflict));
        found.ShouldContain(typeof(NotAllowed));
        found.ShouldContain(typeof(Lethe.DataMap.InvalidManifest));
        found.ShouldContain(typeof(Lethe.Storage.SettingProblem));
    }

    [Theory]
    [MemberData(nameof(FailureKinds))]
    public async Task Each_kind_of_failure_is_mapped_to_a_4xx_problem_with_title_and_detail(Type kind)
    {
        var failure = Instantiate(kind);
        ProblemResults.StatusOf(failure).ShouldNotBeNull($"{kind.Name} has no line in ProblemResults.StatusOf");

        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        await ProblemResults.From(failure).ExecuteAsync(context);

        context.Response.StatusCode.ShouldBe(ProblemResults.StatusOf(failure)!.Value);
        // A 4xx: the caller's to correct; Unavailable alone is 503, a system of the tenant's that is down for now.
        if (kind == typeof(Unavailable))
        {
            context.Response.StatusCode.ShouldBe(503);
        }
        else
        {
            context.Response.StatusCode.ShouldBeInRange(400, 499);
        }

        context.Response.ContentType.ShouldStartWith("application/problem+json");
        context.Response.Body.Position = 0;
        var problem = (await JsonDocument.ParseAsync(context.Response.Body)).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(context.Response.StatusCode);
        problem.GetProperty("title").GetString().ShouldBe(failure.Title);
        problem.GetProperty("detail").GetString().ShouldBe(failure.Detail);
        failure.Title.ShouldNotBeNullOrWhiteSpace();
        failure.Detail.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData(typeof(InvalidInput), 400)]
    [InlineData(typeof(NotAllowed), 403)]
    [InlineData(typeof(NotFound), 404)]
    [InlineData(typeof(Conflict), 409)]
    [InlineData(typeof(Unavailable), 503)]
    public void The_common_kinds_keep_their_statuses(Type kind, int status) =>
        ProblemResults.StatusOf(Instantiate(kind)).ShouldBe(status);

    private static IEnumerable<Assembly> LetheAssemblies()
    {
        // The core, the web host and the CLI; loaded by name so an assembly no test type touched yet is searched too.
        foreach (var name in new[] { "Lethe.Core", "Lethe.Web", "lethe" })
        {
            Assembly? assembly;
            try
            {
                assembly = Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                assembly = null;
            }

            if (assembly is not null)
            {
                yield return assembly;
            }
        }
    }

    // A type whose base lives in an assembly the tests do not ship (design-time EF Core) cannot load; no failure is one.
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partly)
        {
            return partly.Types.OfType<Type>();
        }
    }

    /// <summary>A failure of the kind with plausible arguments: text for strings, one entry for a field list.</summary>
    private static Failure Instantiate(Type kind)
    {
        var constructor = kind.GetConstructors().OrderBy(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Argument(p.ParameterType)).ToArray();
        return (Failure)constructor.Invoke(arguments);
    }

    private static object? Argument(Type type)
    {
        if (type == typeof(string))
        {
            return "something";
        }

        if (type == typeof(IReadOnlyDictionary<string, string[]>))
        {
            return new Dictionary<string, string[]> { ["field"] = ["must be something else."] };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)))
        {
            return Array.CreateInstance(type.GetGenericArguments()[0], 0);
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
