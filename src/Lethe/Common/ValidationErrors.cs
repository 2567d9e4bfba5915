namespace Lethe.Common;

/// <summary>Collects field errors while validating input, then yields an <see cref="InvalidInput"/> if any were found.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    public void Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, TooLong(field, maxLength, value.Length));
        }
    }

    public void Optional(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, TooLong(field, maxLength, value.Length));
        }
    }

    /// <summary>
    /// "'message' may be at most 2000 characters; it has 2345.": English, as the catalogue's <c>error.field.too_long</c>
    /// says it (Common depends on no feature, so it is written here), which a page finds back and says in its reader's language.
    /// </summary>
    public static string TooLong(string field, int maxLength, int length) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'{field}' may be at most {maxLength} characters; it has {length}.");

    public InvalidInput ToFailure() =>
        new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
