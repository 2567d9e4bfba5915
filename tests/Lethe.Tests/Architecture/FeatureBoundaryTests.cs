using NetArchTest.Rules;
using static Lethe.Tests.Architecture.ArchitectureAssertions;

namespace Lethe.Tests.Architecture;

/// <summary>
/// A feature of the core (a namespace under Lethe: Requests, Retention, DataMap, …) is used by the others through its
/// public types; what it marks internal is its own business. The composition root (namespace Lethe) may register
/// anything.
/// </summary>
public sealed class FeatureBoundaryTests
{
    public static TheoryData<string> Features()
    {
        var data = new TheoryData<string>();
        foreach (var feature in Types.InAssembly(CoreAssembly).ReflectionTypes().Select(t => Feature(t.Namespace)).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            data.Add(feature);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void A_features_internal_types_are_used_by_that_feature_alone(string feature)
    {
        var internals = Types.InAssembly(CoreAssembly).ReflectionTypes()
            .Where(t => t is { IsNested: false, IsPublic: false } && Feature(t.Namespace) == feature && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .Select(t => t.FullName!).ToArray();
        if (internals.Length == 0)
        {
            return;
        }

        Types.InAssembly(CoreAssembly).That().MeetCustomRule(t => Feature(Namespace(t)) is { } other && other != feature)
            .ShouldNot().HaveDependencyOnAny(internals)
            .ShouldHold($"{feature} keeps {string.Join(", ", internals)} to itself; make what others need public, or move it");
    }

    [Fact]
    public void The_features_are_found()
    {
        var features = ((IEnumerable<object[]>)Features()).Select(row => (string)row[0]).ToList();
        features.ShouldContain("Lethe.Requests");
        features.ShouldContain("Lethe.Retention");
        features.ShouldContain("Lethe.Storage");
    }
}
