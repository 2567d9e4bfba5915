using System.Diagnostics.CodeAnalysis;

namespace Lethe.Common;

/// <summary>The result of an operation that either produced a value or failed in an expected way.</summary>
/// <remarks>
/// <see cref="Succeeded"/> is stored rather than derived so the compiler can take its word: after a check of it,
/// <see cref="Value"/> (or <see cref="Failure"/>) is known to be set. <c>default</c> is no outcome; only the two
/// conversions make one.
/// </remarks>
public readonly record struct Outcome<T>
{
    private Outcome(T value)
    {
        Value = value;
        Succeeded = true;
    }

    private Outcome(Failure failure)
    {
        Failure = failure;
    }

    public T? Value { get; }

    public Failure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded { get; }

    public static implicit operator Outcome<T>(T value) => new(value);

    public static implicit operator Outcome<T>(Failure failure) => new(failure);
}
