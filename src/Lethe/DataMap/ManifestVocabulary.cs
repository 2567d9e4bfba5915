namespace Lethe.DataMap;

/// <summary>The closed word lists of the manifest format, in one place for the reader, the rules and the docs.</summary>
public static class ManifestVocabulary
{
    public static readonly string[] CountFrom = ["anchor", "financial-year-end"];

    public static readonly string[] IdentityTypes = ["email", "phone", "customer_number", "national_id", "extension", "full_name"];

    public static readonly string[] ErasureStrategies = ["delete-row", "set-null", "empty", "replace", "hash", "random", "truncate-date", "truncate-ip"];

    /// <summary>GDPR Art. 6(1)(a)–(f).</summary>
    public static readonly string[] LegalBases = ["consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"];

    /// <summary>GDPR Art. 9(2)(a)–(j).</summary>
    public static readonly string[] SpecialCategoryConditions =
        ["explicit-consent", "employment", "vital-interests", "not-for-profit", "made-public", "legal-claims", "public-interest", "health-care", "public-health", "archiving"];

    public static readonly string[] TransferSafeguards = ["adequacy", "scc", "bcr", "derogation"];

    public static readonly string[] ProcessorRoles = ["processor", "sub-processor", "joint-controller", "independent-controller"];

    public static readonly string[] RetentionActions = ["delete", "anonymize"];

    public static readonly string[] Countries = ["DK", "NO"];

    public static readonly string[] ActivityRoles = ["controller", "processor"];
}
