namespace Lethe.Scanning;

/// <summary>What the data map should do about a finding.</summary>
public enum ScanAdvice
{
    /// <summary>The data map does not describe the column: describe it, with the category of what it holds.</summary>
    Describe = 1,

    /// <summary>The column is described, but not as holding this: add the category, and a retention rule or a masking job.</summary>
    RetainOrMask,

    /// <summary>Card numbers are never to be stored, whatever the data map says: mask them.</summary>
    NeverStore,

    /// <summary>The data map already says the column holds this.</summary>
    AsDescribed,
}
