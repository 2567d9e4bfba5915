using Lethe.Common;

namespace Lethe.Localization;

/// <summary>
/// The ids of texts that are chosen by a value (a status, a type, a role): one place builds each, so a test can
/// enumerate every value and prove the catalogue has the text in every language.
/// </summary>
public static class TextId
{
    /// <summary>
    /// The word for a kind of thing that was not found (<see cref="Common.NotFound.What"/>: "Failed job" is
    /// <c>not_found.kind.failed_job</c>); also finds the kind back from the English word in a failure's message.
    /// </summary>
    public static string NotFoundKind(string what) => "not_found.kind." + what.ToLowerInvariant().Replace(' ', '_');

    /// <summary>An ASP.NET Core Identity password error by its code (<see cref="Accounts.PasswordRules.Codes"/>).</summary>
    public static string PasswordRule(string code) => "password.rule." + code;

    /// <summary>A language's name (<c>da</c>: "Danish", "dansk"), one of <see cref="Texts.Languages"/>.</summary>
    public static string LanguageName(string code) => "language.name." + code;

    public static string RequestType(Requests.RequestType type) => RequestType(type.ToWire());

    public static string RequestWant(Requests.RequestType type) => RequestWant(type.ToWire());

    public static string RequestRight(Requests.RequestType type) => RequestRight(type.ToWire());

    public static string RequestStatus(Requests.RequestStatus status) => RequestStatus(status.ToWire());

    public static string Channel(Requests.RequestChannel channel) => Channel(channel.ToWire());

    public static string StepStatus(Requests.StepStatus status) => StepStatus(status.ToWire());

    /// <summary>A right as a label ("Access", "Erasure").</summary>
    public static string RequestType(string type) => "request.type." + type;

    /// <summary>A right as the privacy centre offers it ("See the data you hold about me").</summary>
    public static string RequestWant(string type) => "request.want." + type;

    /// <summary>A right in running text ("access to your data", "indsigt").</summary>
    public static string RequestRight(string type) => "request.right." + type;

    public static string RequestStatus(string status) => "request.status." + status;

    /// <summary>How a request or a consent event reached the company.</summary>
    public static string Channel(string channel) => "channel." + channel;

    public static string StepStatus(string status) => "step.status." + status;

    public static string Identity(string type) => "identity." + type;

    public static string RetentionAction(string action) => "retention.action." + action;

    public static string Role(Tenancy.Role role) => "role." + role;

    public static string Role(string? role) => "role." + role;

    public static string ConsentAction(string action) => "consent.action." + action;

    public static string SuppressionReason(string reason) => "consent.reason." + reason;

    public static string NoticeBasis(string basis) => "notice.basis." + basis;

    public static string NoticeRole(string role) => "notice.role." + role;

    /// <summary>A legal basis of Art. 6(1) as a label, for the records.</summary>
    public static string Basis(string basis) => "basis." + basis;

    /// <summary>A transfer's Chapter V safeguard in words.</summary>
    public static string Safeguard(string safeguard) => "transfer." + safeguard;

    /// <summary>A recipient's role as a label, for the records.</summary>
    public static string ProcessorRole(string role) => "records.role." + role;

    /// <summary>The name of a tenant's time zone, as times in e-mails and on the status page say it ("dansk tid").</summary>
    public static string TimeZone(Tenancy.Country country) => "time.zone." + country;

    public static string NoticeRight(string right) => "notice.right." + right;

    public static string RecordHeading(string column) => "records.heading." + column;

    /// <summary>What an erasure did to a row or field, for the answer report; actions without a text are shown as they are.</summary>
    public static string AnswerAction(string action) => "answer.action." + action;

    /// <summary>What an audit entry's action means, in words (<see cref="Audit.AuditActions"/>).</summary>
    public static string AuditAction(string action) => "audit.action." + action;

    /// <summary>What an audit entry is about, by the kind of its <c>kind:id</c> target (<see cref="Audit.AuditTarget.Kinds"/>): a request, a review, an API key.</summary>
    public static string AuditTarget(string kind) => "audit.target." + kind.Replace('-', '_');

    /// <summary>What an API key's scope lets the key do, in words (<see cref="Tenancy.ApiKeyScopes.Names"/>: <c>requests:write</c>).</summary>
    public static string ApiKeyScope(string name) => "api_key.scope." + name.Replace(':', '.');

    public static string ApiKeyScope(Tenancy.ApiKeyScope scope) => ApiKeyScope(Tenancy.ApiKeyScopes.Name(scope));

    /// <summary>Who did something when it was not a user or an API key: Lethe itself, the command line, the person by their link.</summary>
    public static string AuditActor(string kind) => "audit.actor." + kind.Replace('-', '_');

    public static string MailSubject(string template) => "mail." + template + ".subject";

    public static string MailBody(string template) => "mail." + template + ".body";

    /// <summary>A kind of background work that failed, as the console's overview lists it.</summary>
    public static string Job(Work.JobKind kind) => "job." + kind;

    /// <summary>Why rows stay as they are (<see cref="Execution.KeptReasons"/>).</summary>
    public static string KeptReason(string id) => "kept.reason." + id;

    /// <summary>A built-in data category's name.</summary>
    public static string Category(string key) => "category." + key;

    /// <summary>The part of the data map a change is in, as the import preview lists it.</summary>
    public static string ChangeArea(DataMap.ChangeArea area) => "data_map_change.area." + area;

    public static string ChangeKind(DataMap.ChangeKind kind) => "data_map_change.kind." + kind;

    public static string ChangedPart(DataMap.ChangedPart part) => "data_map_change.part." + part;

    /// <summary>How Lethe reaches a datastore, in words (PostgreSQL database, webhook, task for a person).</summary>
    public static string DatastoreKind(DataMap.DatastoreKind kind) => "datastore.kind." + kind.Name;

    /// <summary>What a detector finds, in words ("CPR numbers"), for a scan's findings and suggestions.</summary>
    public static string DetectorKind(Scanning.DetectorKind kind) => "scan.kind." + kind.ToWire();

    /// <summary>How sure a detector is, in words.</summary>
    public static string Confidence(Scanning.Confidence confidence) => "scan.confidence." + confidence.ToWire();

    /// <summary>The sentence that suggests what to change in the data map about a finding.</summary>
    public static string ScanAdvice(Scanning.ScanAdvice advice) => "scan.suggest." + advice;
    /// <summary>A breach's risk in words; "not assessed yet" before it is.</summary>
    public static string BreachRisk(Breaches.BreachRisk? risk) => BreachRisk(risk is { } r ? r.ToWire() : "none");

    /// <summary>A breach's risk by its wire name (<c>high_risk</c>), as an English failure message carries it.</summary>
    public static string BreachRisk(string risk) => "breach.risk." + risk;

    public static string BreachStatus(Breaches.BreachStatus status) => BreachStatus(status.ToWire());

    public static string BreachStatus(string status) => "breach.status." + status;

    public static string DutyKind(Calendar.DutyKind kind) => "duty.kind." + kind.ToWire();

    public static string DutyState(Calendar.DutyState state) => "duty.state." + state.ToString().ToLowerInvariant();

    public static string ReviewItemKind(Reviews.ReviewItemKind kind) => "review.kind." + kind.ToWire();

    public static string ItemDecision(Reviews.ItemDecision decision) => "review.decision." + decision.ToWire();

    public static string ReviewStatus(Reviews.ReviewStatus status) => "review.status." + status.ToWire();

    public static string RiskLevel(RiskAssessments.RiskLevel level) => "risk.level." + level.ToWire();

    public static string DpiaSignal(RiskAssessments.DpiaSignal signal) => "risk.dpia." + signal.ToWire();
}
