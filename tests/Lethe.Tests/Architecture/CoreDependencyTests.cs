using NetArchTest.Rules;
using static Lethe.Tests.Architecture.ArchitectureAssertions;

namespace Lethe.Tests.Architecture;

/// <summary>The core (Lethe.CoreAssembly) is the domain and its storage: no HTTP, no pages, no hosting.</summary>
public sealed class CoreDependencyTests
{
    /// <summary>
    /// Identity (LetheUser and its stores) and Data Protection (the key ring in the database) are the two parts of
    /// ASP.NET CoreAssembly the core is built on; everything else of the framework belongs to Lethe.Web.
    /// </summary>
    private static readonly string[] Allowed = ["Microsoft.AspNetCore.Identity", "Microsoft.AspNetCore.DataProtection", "Microsoft.AspNetCore.Cryptography"];

    [Fact]
    public void Core_uses_no_part_of_ASP_NET_Core_but_Identity_and_Data_Protection()
    {
        var forbidden = AspNetCoreNames().Where(name => !Allowed.Any(a => name == a || name.StartsWith(a + ".", StringComparison.Ordinal))).ToArray();
        forbidden.ShouldContain("Microsoft.AspNetCore.Http", "the framework's names were found");

        Types.InAssembly(CoreAssembly).ShouldNot().HaveDependencyOnAny(forbidden)
            .ShouldHold("core types must not use HTTP, MVC, routing or hosting; put that in Lethe.Web");
    }

    [Fact]
    public void Common_is_shared_by_the_features_and_depends_on_none_of_them()
    {
        var features = Types.InAssembly(CoreAssembly).ReflectionTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("Lethe.", StringComparison.Ordinal) && n != "Lethe.Common").Distinct().ToArray();
        features.ShouldContain("Lethe.Requests");

        Types.InAssembly(CoreAssembly).That().ResideInNamespace("Lethe.Common").ShouldNot().HaveDependencyOnAny(features)
            .ShouldHold("Lethe.Common (Outcome, the typed failures) is below every feature");
    }

    /// <summary>
    /// Every namespace of the shared framework's ASP.NET CoreAssembly assemblies; for types in the bare "Microsoft.AspNetCore"
    /// namespace (WebHost) their full names, since that namespace is the prefix of the allowed ones too.
    /// </summary>
    private static IEnumerable<string> AspNetCoreNames()
    {
        var framework = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(framework, "Microsoft.AspNetCore*.dll"))
        {
            using var module = Mono.Cecil.ModuleDefinition.ReadModule(file);
            foreach (var type in module.Types.Where(t => t.IsPublic))
            {
                if (type.Namespace is "Microsoft.AspNetCore")
                {
                    names.Add(type.FullName);
                }
                else if (type.Namespace.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
                {
                    names.Add(type.Namespace);
                }
            }
        }

        return names;
    }
}
