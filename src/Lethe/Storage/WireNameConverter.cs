using Lethe.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lethe.Storage;

/// <summary>Stores an enum by its wire name (<see cref="WireNames"/>), the same text its columns held as strings.</summary>
public sealed class WireNameConverter<T>() : ValueConverter<T, string>(v => ToWire(v), s => WireNames.Parse<T>(s))
    where T : struct, Enum
{
    /// <summary>
    /// Set by scripts/compile-model.sh's design-time context only: EF Core converts each column's default CLR value
    /// while it writes a compiled model, and most of Lethe's enums have no member 0. At run time an unset enum still stops
    /// the save.
    /// </summary>
    public const string WritingCompiledModelSwitch = "Lethe.WritingCompiledModel";

    private static string ToWire(T value) =>
        EqualityComparer<T>.Default.Equals(value, default) && !Enum.IsDefined(value)
        && AppContext.TryGetSwitch(WritingCompiledModelSwitch, out var writing) && writing
            ? ""
            : WireNames.Of(value);
}
