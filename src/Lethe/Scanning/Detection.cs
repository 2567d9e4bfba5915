namespace Lethe.Scanning;

/// <summary>
/// Where in a text a detector matched: the kind, the span and how sure it is — never the value. Whoever holds a
/// detection can count it, locate it and mask it, but cannot copy what it found anywhere else by accident.
/// </summary>
/// <param name="Start">The index of the match's first character in the text searched.</param>
/// <param name="Length">The match's length in characters, separators included ("070761-4285" is 11).</param>
public readonly record struct Detection(DetectorKind Kind, int Start, int Length, Confidence Confidence)
{
    public int End => Start + Length;
}
