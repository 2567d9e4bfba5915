using Lethe.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lethe.Storage;

/// <summary>Stores an enum by its wire name (<see cref="WireNames"/>), the same text its columns held as strings.</summary>
public sealed class WireNameConverter<T>() : ValueConverter<T, string>(v => WireNames.Of(v), s => WireNames.Parse<T>(s))
    where T : struct, Enum;
