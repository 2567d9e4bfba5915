using Lethe.DataMap;

namespace Lethe.Execution;

/// <summary>
/// The Art. 20 subset: data the person provided that is processed under consent or contract. Decided from the
/// activities' legal bases: a field is portable when an activity on that basis covers its category and its system.
/// </summary>
public static class Portability
{
    private static readonly HashSet<string> PortableBases = new(StringComparer.Ordinal) { "consent", "contract" };

    /// <summary>The data categories of <paramref name="systemKey"/> that are portable.</summary>
    public static IReadOnlySet<string> Categories(Manifest manifest, string systemKey) =>
        manifest.Activities
            .Where(a => PortableBases.Contains(a.LegalBasis) && a.Role != "processor")
            .Where(a => a.Systems.Count == 0 || a.Systems.Contains(systemKey))
            .SelectMany(a => a.Categories)
            .ToHashSet(StringComparer.Ordinal);
}
