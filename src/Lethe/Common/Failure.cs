namespace Lethe.Common;

/// <summary>An expected failure of an operation, turned into RFC 9457 problem details at the edge.</summary>
/// <remarks>
/// Closed to this assembly (the constructor is <c>private protected</c>): every kind of failure lives in Lethe's core,
/// where the web edge's one failure map and its test of every kind can see it.
/// </remarks>
public abstract record Failure
{
    private protected Failure(string title, string detail)
    {
        Title = title;
        Detail = detail;
    }

    public string Title { get; }

    public string Detail { get; }
}

/// <summary>The input broke one or more rules; each entry names the field and what would be valid.</summary>
public sealed record InvalidInput(IReadOnlyDictionary<string, string[]> Errors)
    : Failure("The input is not valid.", "Correct the fields listed in 'errors' and send the request again.")
{
    public static InvalidInput For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The thing named does not exist (or is not visible to the caller).</summary>
/// <param name="What">The kind of thing as a noun ("Request", "API key"); pages say it in the reader's language from the
/// catalogue's <c>not_found.kind.*</c>, which a test finds for every kind the sources name. The detail is the
/// catalogue's <c>error.not_found</c> in English, spelt here because Common depends on no feature.</param>
public sealed record NotFound(string What, string Key)
    : Failure($"{What} not found.", $"No {InText(What)} '{Key}' exists that you can see. Check the identifier.")
{
    // "Failed job" in running text is "failed job"; an abbreviation ("API key") keeps its capitals.
    private static string InText(string noun) =>
        noun.Length > 1 && char.IsUpper(noun[1]) ? noun : noun.ToLowerInvariant();
}

/// <summary>The operation conflicts with the current state, e.g. a duplicate key.</summary>
public sealed record Conflict(string Detail) : Failure("The request conflicts with the current state.", Detail);

/// <summary>The caller is signed in but the operation is beyond what its roles allow.</summary>
public sealed record NotAllowed(string Detail) : Failure("You are not allowed to do this.", Detail);

/// <summary>Something the operation needs cannot be reached now (a datastore down); trying again later may succeed.</summary>
public sealed record Unavailable(string Detail) : Failure("Not available now.", Detail);
