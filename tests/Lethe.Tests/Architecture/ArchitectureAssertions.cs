using NetArchTest.Rules;

namespace Lethe.Tests.Architecture;

/// <summary>The assemblies the rules are about, and one way to say which types broke a rule.</summary>
internal static class ArchitectureAssertions
{
    public static readonly System.Reflection.Assembly CoreAssembly = typeof(Lethe.LetheCoreServices).Assembly;

    public static readonly System.Reflection.Assembly WebAssembly = typeof(Lethe.Web.LetheWebHost).Assembly;

    public static void ShouldHold(this ConditionList rule, string because)
    {
        var result = rule.GetResult();
        var failing = (result.FailingTypes ?? []).Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();
        result.IsSuccessful.ShouldBeTrue($"{because}; broken by: {string.Join(", ", failing)}");
    }

    /// <summary>The types of a rule's scope, so a rule that selects nothing (a renamed namespace) cannot pass unseen.</summary>
    public static int Count(this Types types) => types.GetTypes().Count();

    public static IEnumerable<Type> ReflectionTypes(this Types types) => types.GetTypes().Select(t => t.ReflectionType);

    /// <summary>The feature a namespace belongs to: its first two parts (Lethe.Storage.Migrations → Lethe.Storage).</summary>
    public static string? Feature(string? ns) => ns?.Split('.') is ["Lethe", var name, ..] ? "Lethe." + name : null;

    /// <summary>A type's namespace, a nested type's being its outermost declaring type's.</summary>
    public static string Namespace(Mono.Cecil.TypeDefinition type) => type.IsNested ? Namespace(type.DeclaringType) : type.Namespace;
}
