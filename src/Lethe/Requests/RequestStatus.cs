namespace Lethe.Requests;

/// <summary>
/// Where a request is in its life: received → awaiting verification → verified → in progress ⇄ awaiting external
/// steps → completed; or rejected (with a reason the person is told) or withdrawn before the work starts.
/// </summary>
public static class RequestStatus
{
    public const string Received = "received";
    public const string AwaitingVerification = "awaiting_verification";
    public const string Verified = "verified";
    public const string InProgress = "in_progress";
    public const string AwaitingExternal = "awaiting_external";
    public const string Completed = "completed";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn";

    public static readonly string[] All = [Received, AwaitingVerification, Verified, InProgress, AwaitingExternal, Completed, Rejected, Withdrawn];

    public static readonly string[] Open = [Received, AwaitingVerification, Verified, InProgress, AwaitingExternal];

    private static readonly Dictionary<string, string[]> Moves = new(StringComparer.Ordinal)
    {
        [Received] = [AwaitingVerification, Verified, Rejected, Withdrawn],
        [AwaitingVerification] = [Verified, Rejected, Withdrawn],
        [Verified] = [InProgress, Rejected, Withdrawn],
        // Once the engine has touched datastores the request can only finish: what was erased cannot be un-erased.
        [InProgress] = [AwaitingExternal, Completed],
        [AwaitingExternal] = [InProgress, Completed],
        [Completed] = [],
        [Rejected] = [],
        [Withdrawn] = [],
    };

    public static bool IsOpen(string status) => Open.Contains(status);

    public static bool CanMove(string from, string to) => Moves.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Why a move is refused, in words for the person trying it.</summary>
    public static string Refusal(string from, string to) => from switch
    {
        Completed or Rejected or Withdrawn => $"The request is {Describe(from)}; it cannot become {Describe(to)}.",
        InProgress or AwaitingExternal => $"The request is being carried out; it can no longer become {Describe(to)}.",
        _ when to == InProgress => "Only a request whose identity is verified can be approved; record the identity check first.",
        _ => $"A request that is {Describe(from)} cannot become {Describe(to)}.",
    };

    public static string Describe(string status) => status.Replace('_', ' ');
}

/// <summary>How a request reached the company.</summary>
public static class RequestChannel
{
    public const string PrivacyCentre = "privacy_centre";
    public const string Api = "api";
    public const string Letter = "letter";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string InPerson = "in_person";

    /// <summary>Forwarded by the controller the company processes for, through the API with the tenant's key.</summary>
    public const string Controller = "controller";

    public static readonly string[] All = [PrivacyCentre, Api, Letter, Phone, Email, InPerson, Controller];

    /// <summary>The channels an agent registers a request from by hand.</summary>
    public static readonly string[] Agent = [Letter, Phone, Email, InPerson];
}

/// <summary>The languages the privacy centre, the messages and the answer report are written in.</summary>
public static class RequestLanguage
{
    public static readonly string[] All = ["da", "nb", "en"];

    public static bool IsKnown(string? language) => language is not null && All.Contains(language);

    /// <summary>The culture dates are written in for the language (da-DK, nb-NO, en-GB).</summary>
    public static System.Globalization.CultureInfo Culture(string? language) =>
        System.Globalization.CultureInfo.GetCultureInfo(language == "nb" ? "nb-NO" : language == "da" ? "da-DK" : "en-GB");

    /// <summary>A date as the person reads it: "24. december 2026", "24 December 2026".</summary>
    public static string LongDate(DateOnly date, string? language) => date.ToString(LongDateFormat(language), Culture(language));

    /// <summary>The long date pattern of the language, for callers that add a time.</summary>
    public static string LongDateFormat(string? language) => language is "da" or "nb" ? "d. MMMM yyyy" : "d MMMM yyyy";
}
