using Lethe.DataMap;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lethe.Storage;

/// <summary>
/// Stores a <see cref="DatastoreKind"/> by its name, the text the column held as a string. A name that is not a kind
/// stops the read (<see cref="DatastoreKind.Parse"/>), as an unknown enum name does: a step written by a newer Lethe.
/// </summary>
public sealed class DatastoreKindConverter() : ValueConverter<DatastoreKind, string>(k => k.Name, s => DatastoreKind.Parse(s));
