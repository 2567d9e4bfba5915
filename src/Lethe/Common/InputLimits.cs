namespace Lethe.Common;

/// <summary>How deeply structured input from a person or a machine (manifest YAML, JSON bodies, webhook answers) may nest.</summary>
public static class InputLimits
{
    /// <summary>
    /// Lists and mappings (arrays and objects) inside each other. Parsers that build a tree recurse once per level, so
    /// an unbounded depth lets 100 KB of brackets overflow the stack and end the process. 64 is System.Text.Json's own
    /// default; a manifest needs about a dozen levels and the API's bodies four.
    /// </summary>
    public const int MaxDepth = 64;
}
