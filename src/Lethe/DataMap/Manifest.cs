namespace Lethe.DataMap;

/// <summary>
/// A tenant's privacy manifest: the data map from which Lethe enforces retention, answers requests, and writes the
/// Art. 30 records and the privacy notice. Round-trips losslessly through <see cref="ManifestWriter"/> and <see cref="ManifestReader"/>.
/// </summary>
public sealed record Manifest
{
    /// <summary>
    /// The version of the file format, written as <c>lethe: 2</c>. Format 2 says whose each row is (<see cref="Collection.Is"/>,
    /// <see cref="Collection.BelongsTo"/>, <see cref="Collection.Mentions"/>); format 1 is read through <see cref="ManifestUpgrade"/>.
    /// </summary>
    public const int CurrentFormat = 2;

    /// <summary>The format the file was written in; 1 for a data map upgraded as it was read.</summary>
    public int Format { get; init; } = CurrentFormat;

    public required Organization Organization { get; init; }

    public IReadOnlyList<SubjectCategory> SubjectCategories { get; init; } = [];

    /// <summary>Categories added to the built-in taxonomy (<see cref="Taxonomy"/>).</summary>
    public IReadOnlyList<DataCategory> DataCategories { get; init; } = [];

    public IReadOnlyList<SystemDefinition> Systems { get; init; } = [];

    public IReadOnlyList<ProcessingActivity> Activities { get; init; } = [];

    public IReadOnlyList<Processor> Processors { get; init; } = [];

    public IReadOnlyList<RetentionRule> RetentionRules { get; init; } = [];

    /// <summary>The technical and organisational security measures (Art. 32), as the Art. 30 records and the notice describe them.</summary>
    public IReadOnlyList<LocalizedText> SecurityMeasures { get; init; } = [];

    /// <summary>The tenant's own language, from the organisation's country: what a text missing in the reader's language falls back to.</summary>
    public string DefaultLanguage => Organization.Country switch
    {
        "DK" => "da",
        "NO" => "nb",
        _ => "en",
    };

    /// <summary>
    /// The languages the data map is written in: those its activities' purposes are given in (the notice's own
    /// languages besides English, which is always published), or the tenant's own language when none is.
    /// </summary>
    public IReadOnlyList<string> WrittenIn
    {
        get
        {
            var languages = LocalizedText.Languages.Where(l => Activities.Any(a => a.Purpose.In(l) is not null)).ToList();
            return languages.Count > 0 ? languages : [DefaultLanguage];
        }
    }

    /// <summary>The text in <paramref name="language"/>, falling back to the tenant's own language (<see cref="LocalizedText.For"/>).</summary>
    public string Say(LocalizedText text, string language) => text.For(language, DefaultLanguage);

    /// <summary>The datastore named <c>system.datastore</c> (as a request step stores it), or null.</summary>
    public Datastore? FindDatastore(string name) => DatastoreRef.TryParse(name, out var reference) ? FindDatastore(reference) : null;

    /// <summary>The datastore <paramref name="name"/> names, or null.</summary>
    public Datastore? FindDatastore(DatastoreRef name) =>
        Systems.FirstOrDefault(s => s.Key == name.System)?.Datastores.FirstOrDefault(d => d.Key == name.Datastore);

    /// <summary>The collection <paramref name="name"/> names, or null.</summary>
    public Collection? FindCollection(CollectionRef name) => FindDatastore(name.Datastore)?.Collections.FirstOrDefault(c => c.Name == name.Name);
}

/// <summary>The controller as a notice and the Art. 30 record name it.</summary>
public sealed record Organization
{
    public required string Name { get; init; }

    public required string RegistrationNumber { get; init; }

    /// <summary>DK or NO: decides the supervisory authority and the registration number's check.</summary>
    public required string Country { get; init; }

    public required string Address { get; init; }

    public required string Email { get; init; }

    public string? Phone { get; init; }

    public string? Website { get; init; }

    /// <summary>Who represents the controller, e.g. "Flex AS v/ daglig leder".</summary>
    public string? Representative { get; init; }

    /// <summary>The data protection officer, where one is appointed.</summary>
    public string? DataProtectionOfficer { get; init; }

    /// <summary>The last day of the financial year as <c>MM-DD</c>; 12-31 when not given. Bookkeeping periods count from it.</summary>
    public string? FinancialYearEnd { get; init; }
}

/// <summary>
/// Text in the notice languages; keys are <c>en</c>, <c>da</c>, <c>nb</c>. A system's name and a processor's service may
/// also be written once, without a language (<see cref="Plain"/>): a name that is the same in every language.
/// </summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> Values)
{
    public static readonly string[] Languages = ["en", "da", "nb"];

    /// <summary>The text as written without a language (<c>service: Web hosting</c>), or null when it names its languages.</summary>
    public string? Plain { get; init; }

    /// <summary>A text written once for every language.</summary>
    public static LocalizedText Once(string text) => new(new Dictionary<string, string>(StringComparer.Ordinal)) { Plain = text };

    /// <summary>A name written once, as the file's plain form (<c>name: Website</c>) reads.</summary>
    public static implicit operator LocalizedText(string text) => Once(text);

    /// <summary>The text in the language, or null when it is not given in it (a plain text is in no language of its own).</summary>
    public string? In(string language) => Values.TryGetValue(language, out var text) ? text : null;

    /// <summary>
    /// The text to show in <paramref name="language"/>: that language, else <paramref name="fallback"/> (the tenant's own
    /// language, <see cref="Manifest.DefaultLanguage"/>), else as written once, else English, Danish, Norwegian. A Danish
    /// page shows the Danish text whenever there is one, never the English beside it.
    /// </summary>
    public string For(string language, string fallback) =>
        In(language) ?? In(fallback) ?? Plain ?? Languages.Select(In).OfType<string>().FirstOrDefault() ?? "";

    /// <summary>The languages the text is given in; none for a plain text.</summary>
    public IEnumerable<string> GivenIn => Languages.Where(Values.ContainsKey);

    /// <summary>As written once, or the English: for the console and logs, which show the data map as the file says it.</summary>
    public override string ToString() => Plain ?? For("en", "en");
}

/// <summary>A kind of person whose data is processed; companies and authorities are not data subjects (the seeds' scope rule).</summary>
public sealed record SubjectCategory
{
    public required string Key { get; init; }

    public required LocalizedText Name { get; init; }

    /// <summary>False for companies (ApS, A/S, AS) and authorities; true for natural persons and sole proprietorships.</summary>
    public bool DataSubject { get; init; } = true;
}

/// <summary>A category of personal data, e.g. <c>contact.email</c>; special categories are those of GDPR Art. 9.</summary>
public sealed record DataCategory
{
    public required string Key { get; init; }

    public required LocalizedText Name { get; init; }

    public bool Special { get; init; }
}

/// <summary>A system of the company (CRM, webshop, telephony) and where it keeps data.</summary>
public sealed record SystemDefinition
{
    public required string Key { get; init; }

    /// <summary>What the system is, per language or written once (<c>name: Website and contact forms</c>).</summary>
    public required LocalizedText Name { get; init; }

    public IReadOnlyList<Datastore> Datastores { get; init; } = [];
}

/// <summary>One database, API or manual process of a system.</summary>
public sealed record Datastore
{
    public required string Key { get; init; }

    /// <summary>postgres, sqlite, webhook or manual; <c>default</c> when the file named none of them (which the reader reports).</summary>
    public required DatastoreKind Kind { get; init; }

    /// <summary>A reference to where the connection is configured, never the secret: <c>env:NAME</c> or <c>config:Section:Key</c>.</summary>
    public string? Connection { get; init; }

    /// <summary>For a webhook datastore: the reference to the shared secret its jobs are signed with (HMAC-SHA256).</summary>
    public string? Secret { get; init; }

    /// <summary>The reference to the directory that file fields' paths are relative to (recordings, voicemails).</summary>
    public string? Files { get; init; }

    /// <summary>For a manual datastore: the person who carries out its tasks, e.g. "Bo Jensen &lt;bo@example.dk&gt;".</summary>
    public string? Assignee { get; init; }

    public IReadOnlyList<Collection> Collections { get; init; } = [];
}

/// <summary>A table (or an API resource) and its annotated fields.</summary>
public sealed record Collection
{
    public required string Name { get; init; }

    /// <summary>The column that identifies a row; <c>id</c> when not given. Rows are changed one by one through it.</summary>
    public string? Key { get; init; }

    /// <summary>A boolean column the datastore itself honours to restrict processing (Art. 18), set when a person asks.</summary>
    public string? RestrictionFlag { get; init; }

    /// <summary>
    /// <c>person</c> when each row (that meets <see cref="When"/>) is a person, found by its identity fields;
    /// <c>customer</c> when each row is one of the customers the company serves as processor, whose key a customer tenant
    /// is linked by (<see cref="Tenancy.Tenant.CustomerKey"/>). A customer row belongs to nobody: it is a company.
    /// </summary>
    public string? Is { get; init; }

    /// <summary>The reference field through which each row belongs to the person who owns the row it points to.</summary>
    public string? BelongsTo { get; init; }

    /// <summary>Reference fields that name another person in a row that is not theirs (the staff member who handled a rental).</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>Only rows that meet every condition are personal data (sole proprietorships, approved comments).</summary>
    public IReadOnlyList<RowCondition> When { get; init; } = [];

    public IReadOnlyList<Field> Fields { get; init; } = [];

    /// <summary>For a key–value table (<c>usermeta(user_id, meta_key, meta_value)</c>): what each key holds and how it is erased.</summary>
    public KeyValueMap? KeyValue { get; init; }

    /// <summary>The key column: <see cref="Key"/>, or <c>id</c>.</summary>
    public string KeyColumn => Key ?? "id";

    /// <summary>Each row is a person.</summary>
    public bool IsPerson => Is == Ownership.Person;

    /// <summary>Each row is a customer served as processor: the collection that says whose customer a person is.</summary>
    public bool IsCustomer => Is == Ownership.Customer;

    /// <summary>Rows of this collection belong to someone (they are a person, or belong to one).</summary>
    public bool IsOwned => IsPerson || BelongsTo is not null;

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public Field? FieldNamed(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>
/// A key–value table, where each row's key says what its value is: a category (or none) per key. Rows whose key is not
/// listed are not personal data; rows of keys not disclosed (session tokens) are never read into an access answer.
/// </summary>
public sealed record KeyValueMap
{
    /// <summary>The column holding the key, e.g. <c>meta_key</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The column holding the value, e.g. <c>meta_value</c>.</summary>
    public required string Value { get; init; }

    public IReadOnlyList<KeyValueEntry> Entries { get; init; } = [];
}

/// <summary>One key of a key–value table: its category, its erasure strategy for the value (or delete-row), and whether it is disclosed.</summary>
public sealed record KeyValueEntry
{
    public required string Key { get; init; }

    public string? Category { get; init; }

    public string? Erasure { get; init; }

    public string? Replacement { get; init; }

    public bool Disclose { get; init; } = true;
}

/// <summary>The words of ownership in a data map.</summary>
public static class Ownership
{
    public const string Person = "person";

    public const string Customer = "customer";
}

/// <summary>A reference field naming another person in a row that is not theirs, and the fields of the row that are about them.</summary>
public sealed record Mention
{
    public required string Field { get; init; }

    /// <summary>The row's fields that are about the mentioned person, besides the mention itself.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];
}

/// <summary>A test a row must pass to be personal data: <c>equals</c>, <c>in</c>, <c>notIn</c> or <c>isNull</c> on one column.</summary>
public sealed record RowCondition
{
    public required string Field { get; init; }

    public string? EqualsValue { get; init; }

    public IReadOnlyList<string>? In { get; init; }

    public IReadOnlyList<string>? NotIn { get; init; }

    public bool? IsNull { get; init; }
}

/// <summary>A column with what it holds, whether it identifies a person, what it references and how it is erased.</summary>
public sealed record Field
{
    public required string Name { get; init; }

    /// <summary>A data category key; absent for keys and technical columns.</summary>
    public string? Category { get; init; }

    /// <summary>The identity type this column matches: email, phone, customer_number, national_id, or a composite part such as <c>extension+full_name</c>.</summary>
    public string? Identifies { get; init; }

    private readonly string? _referencesText;

    /// <summary>
    /// <c>collection.field</c> this column points to, as written; <see cref="References"/> is the same, read. Kept as
    /// written because a data map with a malformed one is still checked, and the error quotes it.
    /// </summary>
    public string? ReferencesText
    {
        get => _referencesText;
        init
        {
            _referencesText = value;
            References = ColumnRef.TryParse(value, out var column) ? column : null;
        }
    }

    /// <summary>The column this column points to; null when it points nowhere, or when <see cref="ReferencesText"/> is not <c>collection.field</c>.</summary>
    public ColumnRef? References { get; private init; }

    /// <summary>delete-row, set-null, replace, hash, random or truncate-date.</summary>
    public string? Erasure { get; init; }

    /// <summary>The fixed text for <c>replace</c>, e.g. "Anonymized person".</summary>
    public string? Replacement { get; init; }

    /// <summary>The column holds the path of a file (a recording, a voicemail) under the datastore's <see cref="Datastore.Files"/>.</summary>
    public bool File { get; init; }

    /// <summary>On a reference: the row it points to is the owner's own data (their address) while no other person's row points to it.</summary>
    public bool Owns { get; init; }

    /// <summary>False for credentials, tokens and secrets: never read into an access answer, listed as held and not disclosed.</summary>
    public bool Disclose { get; init; } = true;
}

/// <summary>A row of the Art. 30 record: why data is processed, on which basis, about whom, kept how long, sent where.</summary>
public sealed record ProcessingActivity
{
    public required string Key { get; init; }

    public required LocalizedText Purpose { get; init; }

    /// <summary>consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests (Art. 6(1)(a)–(f)).</summary>
    public required string LegalBasis { get; init; }

    /// <summary><c>controller</c> (the default) or <c>processor</c>: done on a customer's behalf, so it belongs in the Art. 30(2) record.</summary>
    public string Role { get; init; } = "controller";

    /// <summary>For processor activities: the controllers it is done for, e.g. "customers with a Flexfone solution".</summary>
    public LocalizedText? OnBehalfOf { get; init; }

    /// <summary>The Art. 9(2) condition when a special category is processed.</summary>
    public string? SpecialCategoryCondition { get; init; }

    /// <summary>The consent purpose that records the consent, for <c>legalBasis: consent</c>.</summary>
    public string? ConsentPurpose { get; init; }

    /// <summary>How the cookie banner names this consent purpose; without it the banner falls back to a built-in text.</summary>
    public BannerText? Banner { get; init; }

    public IReadOnlyList<string> Subjects { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Systems { get; init; } = [];

    /// <summary>Processor keys.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>A retention rule key.</summary>
    public string? Retention { get; init; }

    public IReadOnlyList<Transfer> Transfers { get; init; } = [];
}

/// <summary>
/// A consent purpose as the cookie banner shows it: a short label beside its box and one line on what it means. The
/// activity's purpose is written for the notice ("… only after acceptance in the cookie banner") and reads wrong there.
/// </summary>
public sealed record BannerText
{
    public required LocalizedText Label { get; init; }

    public LocalizedText? Description { get; init; }
}

/// <summary>A transfer to a third country with its Chapter V safeguard.</summary>
public sealed record Transfer
{
    public required string Country { get; init; }

    public required string Recipient { get; init; }

    /// <summary>adequacy, scc, bcr or derogation.</summary>
    public required string Safeguard { get; init; }
}

/// <summary>A processor or sub-processor, with its agreement.</summary>
public sealed record Processor
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    /// <summary>What the processor does for the company, per language or written once.</summary>
    public required LocalizedText Service { get; init; }

    public required string Location { get; init; }

    /// <summary>processor, sub-processor, joint-controller or independent-controller.</summary>
    public required string Role { get; init; }

    public DateOnly? AgreementDate { get; init; }

    public string? AgreementReference { get; init; }

    /// <summary>When the agreement is next to be reviewed; the compliance calendar lists it from then (<c>Processors.ProcessorAgreements.DueForReview</c>).</summary>
    public DateOnly? ReviewDate { get; init; }

    /// <summary>
    /// The notice the agreement promises before a sub-processor is added or replaced, as an ISO 8601 period (P30D); null:
    /// 30 days. Customers may object within it (Art. 28(2)).
    /// </summary>
    public string? NoticePeriod { get; init; }

    /// <summary>The recipient's own privacy policy (https), linked where people are asked to consent to sharing with it.</summary>
    public string? PolicyUrl { get; init; }

    /// <summary>
    /// Whether a person's request is forwarded to this processor (<c>Requests.Forwarding</c>); null: it is. False for one
    /// that works only inside the company's own systems (hosting, operations): what Lethe does in those datastores is
    /// already done where the processor works, and a step asking it to confirm would only wait.
    /// </summary>
    public bool? ForwardRequests { get; init; }
}

/// <summary>How long data is kept: at least the minimum (legal holds), at most the maximum, counted from the anchor.</summary>
public sealed record RetentionRule
{
    public required string Key { get; init; }

    /// <summary>ISO 8601 duration, e.g. P5Y.</summary>
    public string? Minimum { get; init; }

    /// <summary>ISO 8601 duration, e.g. P5Y6M.</summary>
    public string? Maximum { get; init; }

    private readonly string? _anchorText;
    private readonly IReadOnlyList<string> _requiresText = [];

    /// <summary>
    /// The column the period counts from, as written: <c>system.datastore.collection.field</c>, e.g. the invoice date.
    /// <see cref="Anchor"/> is the same, read; the text stays because an anchor that names nothing is quoted in its error.
    /// </summary>
    public string? AnchorText
    {
        get => _anchorText;
        init
        {
            _anchorText = value;
            Anchor = FieldRef.TryParse(value, out var anchor) ? anchor : null;
        }
    }

    /// <summary>The column the period counts from; null when there is none, or when <see cref="AnchorText"/> is not <c>system.datastore.collection.field</c>.</summary>
    public FieldRef? Anchor { get; private init; }

    /// <summary>
    /// <c>anchor</c> (the default): the periods count from the anchor's date. <c>financial-year-end</c>: from the end of
    /// the financial year the anchor's date falls in, as the Danish and Norwegian bookkeeping acts count.
    /// </summary>
    public string? CountFrom { get; init; }

    /// <summary>delete or anonymize.</summary>
    public required string Action { get; init; }

    /// <summary>Only rows that meet it are due (e.g. ended customer relationships); null: every row with an anchor date.</summary>
    public RetentionCondition? Condition { get; init; }

    /// <summary>
    /// For <c>anonymize</c>: only these fields of the anchor's collection are erased, each with its own strategy, and the
    /// row stays (IP addresses in a log after 90 days); empty: every field with a strategy.
    /// </summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>
    /// With a minimum: what the law requires kept, as written: <c>collection</c> (whole rows) or <c>collection.field</c>.
    /// Empty: the held rows are kept whole. Erasure under the hold erases everything else now.
    /// </summary>
    public IReadOnlyList<string> RequiresText
    {
        get => _requiresText;
        init
        {
            _requiresText = value;
            Requires = value.Select(text => RequiredPart.TryParse(text, out var part) ? part : (RequiredPart?)null).OfType<RequiredPart>().ToList();
        }
    }

    /// <summary><see cref="RequiresText"/> read; an entry that is neither <c>collection</c> nor <c>collection.field</c> (an error already) is left out.</summary>
    public IReadOnlyList<RequiredPart> Requires { get; private init; } = [];

    /// <summary>The rule requires <paramref name="collection"/>'s rows kept whole: it names the collection, or nothing at all.</summary>
    public bool RequiresWhole(string collection) => Requires.Count == 0 || Requires.Any(r => r.Collection == collection && r.Field is null);

    public string? LegalReference { get; init; }

    public required LocalizedText Description { get; init; }
}

/// <summary>
/// A further test a row must pass to be due, against a column of the anchor's collection: <c>equals</c> a value, or
/// <c>isNull</c> true/false. A row whose anchor is empty is never due, whatever the condition.
/// </summary>
public sealed record RetentionCondition
{
    public required string Field { get; init; }

    public string? EqualsValue { get; init; }

    public bool? IsNull { get; init; }
}
