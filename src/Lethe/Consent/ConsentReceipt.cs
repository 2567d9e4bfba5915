using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Lethe.DataMap;

namespace Lethe.Consent;

/// <summary>
/// The receipt of a consent event, in the fields of the Kantara Initiative Consent Receipt v1.1 where they apply
/// (version, jurisdiction, consentTimestamp in seconds, collectionMethod, consentReceiptID, piiPrincipalId,
/// piiControllers, policyUrl, services and purposes, sensitive), with Lethe's own fields for what Kantara does not
/// cover: the action (a withdrawal has a receipt too), the notice version, the hash of the texts shown and the Global
/// Privacy Control signal.
/// </summary>
/// <remarks>
/// Everything a receipt takes from the data map (the controller, each purpose in each language) is written once per
/// data map and pasted in: a batch of a thousand banner events would otherwise spend more time building receipts than
/// storing them.
/// </remarks>
public sealed class ConsentReceipt
{
    public const string Version = "KI-CR-v1.1.0";

    private const string Termination =
        "Until withdrawn (as easily as given, from the link at the bottom of every page) or until it lapses and you are asked again.";

    private static readonly string[] Languages = ["da", "nb", "en"];
    private static readonly ConditionalWeakTable<Manifest, ConsentReceipt> OfManifest = new();

    private readonly string _service;
    private readonly byte[] _controllers;
    private readonly Dictionary<(string Purpose, string Language), byte[]> _purposes = [];

    // One buffer and writer per thread, reused: a batch of a thousand receipts otherwise threw away a 4 KB buffer and a
    // writer per receipt, and the garbage collections that caused copied the batch's surviving receipts again and again.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private ConsentReceipt(Manifest manifest)
    {
        var organization = manifest.Organization;
        _service = organization.Name;
        _controllers = Json(w =>
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("piiController", organization.Name);
            w.WriteBoolean("onBehalf", false);
            w.WriteString("contact", organization.DataProtectionOfficer ?? organization.Name);
            w.WriteStartObject("address");
            w.WriteString("@type", "PostalAddress");
            w.WriteString("streetAddress", organization.Address);
            w.WriteString("addressCountry", organization.Country);
            w.WriteEndObject();
            w.WriteString("email", organization.Email);
            w.WriteString("phone", organization.Phone is { } phone ? "tel:" + phone.Replace(" ", "", StringComparison.Ordinal) : null);
            w.WriteString("piiControllerUrl", organization.Website);
            w.WriteEndObject();
            w.WriteEndArray();
        });

        // As ConsentPurpose reads them: a data map stored before 'necessary' was refused as a consent purpose adds nothing to it.
        var consented = manifest.Activities.Where(a => a.LegalBasis == "consent" && a.ConsentPurpose is not null and not ConsentPurpose.Necessary).ToList();
        foreach (var purpose in ConsentPurpose.From(manifest))
        {
            var categories = consented.Where(a => a.ConsentPurpose == purpose.Key).SelectMany(a => a.Categories).Distinct(StringComparer.Ordinal).ToList();
            foreach (var language in Languages)
            {
                _purposes[(purpose.Key, language)] = Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("purpose", purpose.Title.In(language) ?? purpose.Title.In("en") ?? purpose.Key);
                    w.WriteStartArray("purposeCategory");
                    w.WriteStringValue(purpose.Kind);
                    w.WriteEndArray();
                    w.WriteString("consentType", "EXPLICIT");
                    w.WriteStartArray("piiCategory");
                    categories.ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                    w.WriteBoolean("primaryPurpose", false);
                    w.WriteString("termination", Termination);
                    w.WriteBoolean("thirdPartyDisclosure", purpose.Processors.Count > 0);
                    // Kantara CR 1.1 asks for the third party's name, not the data map's key for it.
                    w.WriteString("thirdPartyName", purpose.Processors.Count > 0 ? string.Join(", ", purpose.Recipients.Select(r => r.Name)) : null);
                    w.WriteEndObject();
                });
            }
        }
    }

    /// <summary>The receipt writer of a data map, made once per data map read.</summary>
    public static ConsentReceipt Of(Manifest manifest) => OfManifest.GetValue(manifest, m => new ConsentReceipt(m));

    /// <summary>
    /// One event's receipt, ready to be written: what it needs from the batch and nothing else (not the tenant's key, not
    /// the addresses the subjects were hashed from), so an event may keep it to render its receipt if it is read.
    /// </summary>
    public sealed class Draft(ConsentReceipt receipt, ConsentEvent e, IReadOnlyList<string> purposes, string jurisdiction, string? policyUrl, string? language)
    {
        /// <returns>The receipt as UTF-8 JSON, valid until this thread writes the next one.</returns>
        internal ReadOnlySpan<byte> Write() => receipt.Write(e, purposes, jurisdiction, policyUrl, language);

        public string Render() => Encoding.UTF8.GetString(Write());
    }

    /// <param name="e">The event; its purposes are <paramref name="purposes"/>, every one a purpose of the data map.</param>
    /// <param name="jurisdiction">The tenant's country.</param>
    public Draft DraftOf(ConsentEvent e, IReadOnlyList<string> purposes, string jurisdiction, string? policyUrl, string? language) =>
        new(this, e, purposes, jurisdiction, policyUrl, language);

    /// <returns>The receipt as UTF-8 JSON, valid until this thread writes the next one.</returns>
    private ReadOnlySpan<byte> Write(ConsentEvent e, IReadOnlyList<string> purposes, string jurisdiction, string? policyUrl, string? language)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteString("version", Version);
        w.WriteString("jurisdiction", jurisdiction);
        w.WriteNumber("consentTimestamp", new DateTimeOffset(e.OccurredAt, TimeSpan.Zero).ToUnixTimeSeconds());
        w.WriteString("collectionMethod", e.Channel);
        w.WriteString("consentReceiptID", e.Id);
        w.WriteString("language", language);
        w.WriteString("piiPrincipalId", e.Subject);
        w.WritePropertyName("piiControllers");
        w.WriteRawValue(_controllers, skipInputValidation: true);
        w.WriteString("policyUrl", policyUrl);
        w.WriteStartArray("services");
        w.WriteStartObject();
        w.WriteString("service", _service);
        w.WriteStartArray("purposes");
        foreach (var purpose in purposes)
        {
            w.WriteRawValue(_purposes[(purpose, language ?? "en")], skipInputValidation: true);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteBoolean("sensitive", false);
        w.WriteStartArray("spiCat");
        w.WriteEndArray();
        w.WriteStartObject("lethe");
        w.WriteString("action", e.Action);
        w.WriteStartArray("purposes");
        foreach (var purpose in purposes)
        {
            w.WriteStringValue(purpose);
        }

        w.WriteEndArray();
        if (e.NoticeVersion is { } notice)
        {
            w.WriteNumber("noticeVersion", notice);
        }
        else
        {
            w.WriteNull("noticeVersion");
        }

        w.WriteString("textsHash", e.TextsHash);
        w.WriteBoolean("globalPrivacyControl", e.GlobalPrivacyControl);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();

        return buffer.WrittenSpan;
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
