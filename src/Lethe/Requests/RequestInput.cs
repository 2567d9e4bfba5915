using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Localization;
using Lethe.Scanning;

namespace Lethe.Requests;

/// <summary>
/// What a request asks: the right, the person's identities, and for rectification the corrected values by data
/// category, or the person's own words for an agent to confirm (<see cref="Requests.Correction"/>); how it came (channel), the person's language and message, and — when whoever registers it has already
/// confirmed who the person is — how the identity was checked. Type and channel are as given (their wire names, e.g.
/// <c>withdraw_consent</c>), so that every rule they break is reported together with the others.
/// </summary>
/// <param name="Channel">A <see cref="RequestChannel"/>'s wire name; null for <see cref="RequestChannel.Api"/>.</param>
public sealed record RequestInput(
    string Type,
    IReadOnlyList<Identity> Identities,
    IReadOnlyDictionary<string, string>? Changes = null,
    string? Channel = null,
    string Language = "en",
    string? Message = null,
    string? IdentityCheck = null,
    Guid? GroupId = null,
    Correction? Correction = null)
{
    public const int MaxValueLength = 500;

    public const int MaxTextLength = 2000;

    /// <summary>The right asked for; only once <see cref="Validate"/> found no errors.</summary>
    public RequestType ParseType() => WireNames.Parse<RequestType>(Type);

    /// <summary>The channel it came by; only once <see cref="Validate"/> found no errors.</summary>
    public RequestChannel ParseChannel() => Channel is null ? RequestChannel.Api : WireNames.Parse<RequestChannel>(Channel);

    /// <summary>The rules a request must meet before any datastore is touched.</summary>
    public ValidationErrors Validate(Manifest manifest)
    {
        var errors = new ValidationErrors();
        if (!WireNames.TryParse<RequestType>(Type, out var type))
        {
            errors.Add("type", $"must be one of {string.Join(", ", RequestType.All.Select(t => t.ToWire()))}.");
        }

        if (Channel is not null && !WireNames.TryParse<RequestChannel>(Channel, out _))
        {
            errors.Add("channel", $"must be one of {string.Join(", ", RequestChannel.All.Select(c => c.ToWire()))}.");
        }

        if (!RequestLanguage.IsKnown(Language))
        {
            errors.Add("language", $"must be one of {string.Join(", ", RequestLanguage.All)}.");
        }

        if (Message is { Length: > MaxTextLength })
        {
            errors.Add("message", ValidationErrors.TooLong("message", MaxTextLength, Message.Length));
        }

        if (IdentityCheck is not null && (IdentityCheck.Trim().Length == 0 || IdentityCheck.Length > MaxTextLength))
        {
            errors.Add("identityCheck", $"say how the identity was checked (e.g. \"extension 214 and full name confirmed in writing\"), in at most {MaxTextLength} characters.");
        }

        Refuse(errors, "message", Message);
        Refuse(errors, "identityCheck", IdentityCheck);
        if (Identities.Count == 0)
        {
            errors.Add("identities", "must name at least one identity, e.g. {\"type\": \"email\", \"value\": \"person@example.dk\"}.");
        }

        for (var i = 0; i < Identities.Count; i++)
        {
            var identity = Identities[i];
            if (!ManifestVocabulary.IdentityTypes.Contains(identity.Type))
            {
                errors.Add($"identities[{i}].type", $"'{identity.Type}' is not an identity type; use {string.Join(", ", ManifestVocabulary.IdentityTypes)}.");
            }

            if (string.IsNullOrWhiteSpace(identity.Value) || identity.Value.Length > MaxValueLength || identity.Value.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"identities[{i}].value", Texts.Fill(Texts.Get("error.field.between", "en"),
                    new Dictionary<string, string> { ["max"] = MaxValueLength.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            }
            else if (identity.Type == "email" && !EmailSyntax.IsValid(identity.Value))
            {
                // The answer and every message go to this address, and it is matched in the datastores: it must be one.
                errors.Add($"identities[{i}].value", $"'{Quoted.Clip(identity.Value)}' is not an e-mail address; give it as person@example.dk.");
            }
        }

        if (Identities.GroupBy(i => i.Type).Any(g => g.Count() > 1))
        {
            errors.Add("identities", "name each identity type once; make a second request for a second e-mail address.");
        }

        var categories = HeldCategories(manifest);
        if (type == RequestType.Rectification)
        {
            if ((Changes is null || Changes.Count == 0) && Correction is null)
            {
                errors.Add("changes", "must give the corrected values by data category, e.g. {\"contact.address\": \"Nørregade 1, 1165 København K\"}.");
            }

            ChangeErrors(errors, "changes", Changes ?? new Dictionary<string, string>(), categories);
            if (Correction is { } correction)
            {
                if (string.IsNullOrWhiteSpace(correction.Wrong) || correction.Wrong.Length > Requests.Correction.MaxLength)
                {
                    errors.Add("wrong", $"say what is wrong, in at most {Requests.Correction.MaxLength} characters.");
                }

                if (string.IsNullOrWhiteSpace(correction.Wanted) || correction.Wanted.Length > Requests.Correction.MaxLength)
                {
                    errors.Add("wanted", $"say what it should be, in at most {Requests.Correction.MaxLength} characters.");
                }

                Refuse(errors, "wrong", correction.Wrong);
                // A person correcting their CPR number must be able to write the right one, but only where the company
                // keeps one at all: with no national-id category in the data map there is nothing it could correct,
                // and the number would only sit in the request. The wrong value is described, never needed in full.
                Refuse(errors, "wanted", correction.Wanted, nationalIdAllowed: categories.Contains(NationalIdCategory));
            }
        }
        else if (Changes is { Count: > 0 } || Correction is not null)
        {
            errors.Add("changes", "are only given with type rectification.");
        }

        return errors;
    }

    /// <summary>The data category of national identity numbers (CPR, fødselsnummer) in the taxonomy.</summary>
    public const string NationalIdCategory = "identity.national_id";

    /// <summary>Free text may not carry a card number or a national identity number (<see cref="TextGuard"/>).</summary>
    public static void Refuse(ValidationErrors errors, string field, string? text, bool nationalIdAllowed = false)
    {
        if (TextGuard.Refusal(text, nationalIdAllowed) is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }

    /// <summary>The data categories some field of the data map holds: what a correction can name.</summary>
    public static IReadOnlySet<string> HeldCategories(Manifest manifest) =>
        manifest.Systems.SelectMany(s => s.Datastores).SelectMany(d => d.Collections).SelectMany(c => c.Fields)
            .Select(f => f.Category).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>Corrected values must name categories the data map holds and be of a sane size.</summary>
    public static void ChangeErrors(ValidationErrors errors, string field, IReadOnlyDictionary<string, string> changes, IReadOnlySet<string> categories)
    {
        foreach (var (category, value) in changes)
        {
            if (!categories.Contains(category))
            {
                // Said whole, naming the category: a page shows it without the field it is filed under.
                errors.Add($"{field}.{category}", Texts.Fill(Texts.Get("error.request.category_not_held", "en"), new Dictionary<string, string> { ["category"] = category }));
            }
            else if (value is null || value.Length > 10_000)
            {
                errors.Add($"{field}.{category}", Texts.Fill(Texts.Get("error.request.change_too_long", "en"), new Dictionary<string, string> { ["category"] = category }));
            }
        }
    }
}
