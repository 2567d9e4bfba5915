using System.Net;
using System.Text;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Lethe.Web.Tests.Security.AuthorizationMatrixTests.Who;

namespace Lethe.Web.Tests.Security;

/// <summary>
/// Every endpoint the app maps, discovered from its endpoint data source, tried as every kind of principal. The
/// expected access is written out here by hand, independently of the code's role table: an endpoint missing from
/// this table fails the test, so a new endpoint cannot ship without its access being decided.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Principals principals) : IClassFixture<AuthorizationMatrixTests.Principals>
{
    public enum Who
    {
        Anonymous,
        PlatformAdmin,
        PrivacyOfficerA,
        AgentA,
        AuditorA,
        CustomerAdminA,
        ResellerAdminOfA,
        ResellerAdminOther,
        PrivacyOfficerB,
        KeyA,
        KeyB,
    }

    private static readonly Who[] Everyone = Enum.GetValues<Who>();
    private static readonly Who[] People = Everyone.Except([Anonymous, KeyA, KeyB]).ToArray();

    private static readonly Dictionary<string, Who[]> Expected = new()
    {
        ["GET /health/live"] = Everyone,
        ["GET /health/ready"] = Everyone,
        ["GET /health/work"] = Everyone,
        // Counts of duties due and overdue, naming no tenant, system or person: a monitor's, like /health/work.
        ["GET /health/duties"] = Everyone,
        ["GET /openapi/{documentName}.json"] = Everyone,
        ["GET /openapi/reference/{documentName?}"] = Everyone,
        ["GET /openapi/reference/scalar.js"] = Everyone,
        ["GET /openapi/reference/scalar.aspnetcore.js"] = Everyone,
        ["GET /openapi/reference/favicon.svg"] = Everyone,
        ["GET /assets/lethe.css"] = Everyone,
        ["GET /assets/public.css"] = Everyone,
        ["GET /signin"] = Everyone,
        ["GET /signin/two-factor"] = Everyone,
        // The link mailed when sign-in pauses: its token, not a login, is the proof (and a paused person cannot sign in).
        ["GET /signin/unlock/{token}"] = Everyone,
        ["GET /language"] = Everyone,

        ["GET /"] = People,
        ["GET /switch"] = People,
        ["GET /signout"] = People,
        ["GET /account/password"] = People,
        ["GET /account/two-factor"] = People,
        ["GET /tenants/new"] = [PlatformAdmin, ResellerAdminOfA, ResellerAdminOther],
        ["GET /t/{tenant}"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA],
        ["GET /t/{tenant}/edit"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA],
        ["GET /t/{tenant}/users"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, CustomerAdminA, ResellerAdminOfA],
        ["GET /t/{tenant}/users/grant"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA],
        ["GET /t/{tenant}/users/{userId}/revoke/{role}"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA],
        ["GET /t/{tenant}/api-keys"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/api-keys/new"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /t/{tenant}/api-keys/{keyId:guid}/revoke"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /t/{tenant}/api-keys/{id:guid}/secret"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /t/{tenant}/audit"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        // Findings name rows that hold personal data: the officer and the auditor see them, agents and resellers do not.
        ["GET /t/{tenant}/scan"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/data-map"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA],
        ["GET /t/{tenant}/data-map/import"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /t/{tenant}/data-map/secrets"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA],
        ["GET /t/{tenant}/notices"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA],
        ["GET /t/{tenant}/notices/publish"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /t/{tenant}/notices/diff"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA],
        ["GET /t/{tenant}/requests"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA],
        ["GET /t/{tenant}/requests/new"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["GET /t/{tenant}/requests/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA],
        ["GET /t/{tenant}/requests/{id:guid}/answer"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["GET /t/{tenant}/retention"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/breaches"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/breaches/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/calendar"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/reviews"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/reviews/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/reviews/{id:guid}/report"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/risks"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/consent"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA],
        ["GET /audit"] = [PlatformAdmin],
        ["GET /resellers"] = [PlatformAdmin],

        ["GET /api/v1/me"] = Everyone.Except([Anonymous]).ToArray(),
        ["GET /api/v1/tenants"] = People,
        ["POST /api/v1/tenants"] = [PlatformAdmin, ResellerAdminOfA, ResellerAdminOther],
        ["GET /api/v1/tenants/{tenant}"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA, KeyA],
        ["PUT /api/v1/tenants/{tenant}"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA, KeyA],
        ["GET /api/v1/resellers"] = [PlatformAdmin],
        ["POST /api/v1/resellers"] = [PlatformAdmin],
        ["GET /api/v1/tenants/{tenant}/users"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, CustomerAdminA, ResellerAdminOfA, KeyA],
        ["POST /api/v1/tenants/{tenant}/users"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA],
        // The role tried is Agent, which reads requests (personal data); a reseller admin cannot, so it may not grant or revoke it.
        ["DELETE /api/v1/tenants/{tenant}/users/{userId}/roles/{role}"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/api-keys"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["POST /api/v1/tenants/{tenant}/api-keys"] = [PlatformAdmin, PrivacyOfficerA],
        ["DELETE /api/v1/tenants/{tenant}/api-keys/{keyId:guid}"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/audit"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, KeyA],
        ["GET /api/v1/audit"] = [PlatformAdmin],
        ["GET /api/v1/tenants/{tenant}/manifest"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA, KeyA],
        ["PUT /api/v1/tenants/{tenant}/manifest"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["GET /api/v1/tenants/{tenant}/datastore-secrets"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA, KeyA],
        ["PUT /api/v1/tenants/{tenant}/datastore-secrets/{name}"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["DELETE /api/v1/tenants/{tenant}/datastore-secrets/{name}"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["GET /api/v1/tenants/{tenant}/records/{record}"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA, KeyA],
        ["GET /api/v1/tenants/{tenant}/notices"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA, KeyA],
        ["POST /api/v1/tenants/{tenant}/notices"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["GET /api/v1/tenants/{tenant}/notices/check"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, ResellerAdminOfA, KeyA],
        ["GET /api/v1/tenants/{tenant}/requests"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["GET /api/v1/tenants/{tenant}/requests/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, CustomerAdminA, KeyA],
        ["GET /api/v1/tenants/{tenant}/requests/{id:guid}/answer"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/steps/{step:guid}/complete"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/steps/{step:guid}/choose"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/extend"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/verify"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/check-identities"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/approve"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/reject"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/withdraw"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["POST /api/v1/tenants/{tenant}/requests/{id:guid}/assign"] = [PlatformAdmin, PrivacyOfficerA, AgentA, KeyA],
        ["GET /api/v1/tenants/{tenant}/retention/plan"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, KeyA],
        ["GET /api/v1/tenants/{tenant}/retention/runs"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, KeyA],
        ["POST /api/v1/tenants/{tenant}/retention/runs"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["GET /api/v1/tenants/{tenant}/retention/holds"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, KeyA],
        ["POST /api/v1/tenants/{tenant}/retention/holds"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["POST /api/v1/tenants/{tenant}/retention/holds/{id:guid}/release"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["POST /api/v1/tenants/{tenant}/scans"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["GET /api/v1/tenants/{tenant}/scans/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, KeyA],
        ["POST /api/v1/tenants/{tenant}/scans/{id:guid}/findings/{finding:guid}/mask"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        // Breaches are the officer's: no API key scope reaches them, and the auditor reads the register.
        ["GET /api/v1/tenants/{tenant}/breaches"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["POST /api/v1/tenants/{tenant}/breaches"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/breaches/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["POST /api/v1/tenants/{tenant}/breaches/{id:guid}/assess"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /api/v1/tenants/{tenant}/breaches/{id:guid}/notify"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /api/v1/tenants/{tenant}/breaches/{id:guid}/close"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /api/v1/tenants/{tenant}/breaches/{id:guid}/letters/dry-run"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /api/v1/tenants/{tenant}/breaches/{id:guid}/letters"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /api/v1/tenants/{tenant}/breaches/{id:guid}/public-notice"] = [PlatformAdmin, PrivacyOfficerA],
        // Processors (Art. 28): the officer keeps the agreements and the auditor reads them; no API key scope reaches them.
        ["GET /api/v1/tenants/{tenant}/processors"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /api/v1/tenants/{tenant}/processors/due-for-review"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["PUT /api/v1/tenants/{tenant}/processors/{key}/agreement"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/processors/{key}/agreement"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /api/v1/tenants/{tenant}/sub-processor-changes"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        // Linking a customer to its processor edits the tenant, as the tenant's own edit does.
        ["PUT /api/v1/tenants/{tenant}/served-by"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA, KeyA],
        // The customer's side: its controller's admin reads what the processor tells it and alone may object.
        ["GET /api/v1/tenants/{tenant}/sub-processors"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, CustomerAdminA],
        ["POST /api/v1/tenants/{tenant}/sub-processors/notices/{id:guid}/objection"] = [PlatformAdmin, CustomerAdminA],
        ["GET /api/v1/tenants/{tenant}/processor-breach-notices"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, CustomerAdminA],
        ["POST /api/v1/tenants/{tenant}/breaches/{id:guid}/controller-notices"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/breaches/{id:guid}/controller-notices"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/processors"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /t/{tenant}/sub-processors"] = [PlatformAdmin, PrivacyOfficerA, AuditorA, CustomerAdminA],
        ["GET /t/{tenant}/breaches/{id:guid}/controllers"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        // Company names, what they do and where: no personal data, for anyone the agreements point to it.
        ["GET /p/{tenant}/sub-processors"] = Everyone,
        // The compliance calendar, reviews and risk assessments: the officer carries them out, the auditor reads them; no key scope.
        ["GET /api/v1/tenants/{tenant}/calendar"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["PUT /api/v1/tenants/{tenant}/calendar/{duty}/owner"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/reviews"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["POST /api/v1/tenants/{tenant}/reviews"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/reviews/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["POST /api/v1/tenants/{tenant}/reviews/{id:guid}/items/{item}"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /api/v1/tenants/{tenant}/reviews/{id:guid}/complete"] = [PlatformAdmin, PrivacyOfficerA],
        ["GET /api/v1/tenants/{tenant}/reviews/{id:guid}/report"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /api/v1/tenants/{tenant}/risk-assessments"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["GET /api/v1/tenants/{tenant}/risk-assessments/{system}"] = [PlatformAdmin, PrivacyOfficerA, AuditorA],
        ["POST /api/v1/tenants/{tenant}/risk-assessments/{system}"] = [PlatformAdmin, PrivacyOfficerA],
        // Anonymous by design: a system's callback proves itself by the token and the signature, not by a login.
        ["POST /api/v1/webhooks/{token}"] = Everyone,
        ["GET /api/v1/tenants/{tenant}/consent/purposes"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, KeyA],
        ["POST /api/v1/tenants/{tenant}/consent/events"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["GET /api/v1/tenants/{tenant}/consent/state"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, KeyA],
        ["GET /api/v1/tenants/{tenant}/consent/history"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, KeyA],
        ["GET /api/v1/tenants/{tenant}/consent/receipts/{id:guid}"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA, KeyA],
        // The list is a tenant's: asked with a tenant key; a platform admin holds every permission and is answered 400.
        ["POST /api/v1/suppression/check"] = [PlatformAdmin, KeyA, KeyB],
        ["POST /api/v1/tenants/{tenant}/consent/unsubscribe-links"] = [PlatformAdmin, PrivacyOfficerA, KeyA],
        ["GET /p/{tenant}/newsletter"] = Everyone,
        ["GET /p/{tenant}/newsletter/confirm/{token}"] = Everyone,
        ["GET /p/{tenant}/unsubscribe/{token}"] = Everyone,
        ["GET /p/{tenant}/preferences/{token?}"] = Everyone,
        ["GET /api/v1/tenants/{tenant}/status-webhook"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA, KeyA],
        ["PUT /api/v1/tenants/{tenant}/status-webhook"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA, KeyA],
        ["DELETE /api/v1/tenants/{tenant}/status-webhook"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA, KeyA],
        ["GET /p/{tenant}/privacy"] = Everyone,
        ["GET /p/{tenant}/privacy/v/{number:int}"] = Everyone,
        // The tenant's colour for its public pages: what the pages show anyway.
        ["GET /p/{tenant}/theme.css"] = Everyone,
        // The website banner runs for visitors nobody knows.
        ["GET /p/{tenant}/consent.js"] = Everyone,
        ["GET /p/{tenant}/consent.css"] = Everyone,
        ["POST /p/{tenant}/consent"] = Everyone,
        // The public privacy centre: a person files and follows their request; the e-mail link, not a login, proves them.
        ["GET /p/{tenant}"] = Everyone,
        ["GET /p/{tenant}/sent"] = Everyone,
        ["GET /p/{tenant}/verify/{token?}"] = Everyone,
        ["GET /p/{tenant}/status/{token}"] = Everyone,
    };

    /// <summary>
    /// Every POST handler of a page, decided like the endpoints above. The console's own (reject, verify, extend, complete,
    /// …) check a permission the page's GET does not need; the public and sign-in ones are open by design.
    /// </summary>
    private static readonly Dictionary<string, Who[]> ExpectedPosts = new()
    {
        ["POST /language"] = Everyone,
        ["POST /signin"] = Everyone,
        ["POST /signin/two-factor"] = Everyone,
        ["POST /signin/unlock/{token}"] = Everyone,
        // Not sent by the test below (see there), but decided.
        ["POST /signout"] = People,
        ["POST /account/password"] = People,
        ["POST /account/two-factor?handler=Enable"] = People,
        ["POST /account/two-factor?handler=Disable"] = People,
        ["POST /resellers"] = [PlatformAdmin],
        ["POST /tenants/new"] = [PlatformAdmin, ResellerAdminOfA, ResellerAdminOther],
        // Sends stalled work (a step, an outbox message, a package) round again.
        ["POST /t/{tenant}?handler=Retry"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/edit"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA],
        ["POST /t/{tenant}/users/grant"] = [PlatformAdmin, PrivacyOfficerA, ResellerAdminOfA],
        // As for the API: the role revoked is Agent, which a reseller admin does not hold enough to take away.
        ["POST /t/{tenant}/users/{userId}/revoke/{role}"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/api-keys/new"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/api-keys/{keyId:guid}/revoke"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/data-map/import"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/data-map/import?handler=Confirm"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/data-map/secrets"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/data-map/secrets?handler=Remove"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/notices/publish"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/requests/new"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Complete"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Choose"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Extend"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Verify"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=CheckIdentities"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        // The controller's customer admin approves where the tenant says the controller does.
        ["POST /t/{tenant}/requests/{id:guid}?handler=Approve"] = [PlatformAdmin, PrivacyOfficerA, AgentA, CustomerAdminA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Reject"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Withdraw"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Assign"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=Correct"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/requests/{id:guid}?handler=CorrectByHand"] = [PlatformAdmin, PrivacyOfficerA, AgentA],
        ["POST /t/{tenant}/retention?handler=Hold"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/retention?handler=Release"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/retention?handler=Run"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/scan?handler=Start"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/scan?handler=Mask"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches/{id:guid}?handler=Assess"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches/{id:guid}?handler=Notify"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches/{id:guid}?handler=PreviewNotification"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches/{id:guid}?handler=Close"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches/{id:guid}?handler=CountLetters"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches/{id:guid}?handler=SendLetters"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/breaches/{id:guid}?handler=PublicNotice"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/processors?handler=Upload"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/processors?handler=Serve"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/processors?handler=StopServing"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/sub-processors?handler=Object"] = [PlatformAdmin, CustomerAdminA],
        ["POST /t/{tenant}/breaches/{id:guid}/controllers"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/reviews"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/reviews/{id:guid}?handler=Decide"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/reviews/{id:guid}?handler=Complete"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/risks"] = [PlatformAdmin, PrivacyOfficerA],
        ["POST /t/{tenant}/calendar?handler=Owner"] = [PlatformAdmin, PrivacyOfficerA],
        // Looks a person up; changes nothing, but is a POST so the address stays out of the URL.
        ["POST /t/{tenant}/consent"] = [PlatformAdmin, PrivacyOfficerA, AgentA, AuditorA],
        ["POST /p/{tenant}"] = Everyone,
        ["POST /p/{tenant}/newsletter"] = Everyone,
        ["POST /p/{tenant}/newsletter/confirm/{token}"] = Everyone,
        ["POST /p/{tenant}/unsubscribe/{token}"] = Everyone,
        ["POST /p/{tenant}/preferences/{token?}"] = Everyone,
        ["POST /p/{tenant}/verify/{token?}"] = Everyone,
        ["POST /p/{tenant}/status/{token}?handler=Withdraw"] = Everyone,
    };

    private LetheServer _server => principals.Server;
    private Dictionary<Who, HttpClient> _clients => principals.Clients;
    private string _victimUserId => principals.VictimUserId;
    private Guid _victimKeyId => principals.VictimKeyId;

    [Fact]
    public void Every_endpoint_has_its_access_decided_here()
    {
        var discovered = EndpointCatalog.Discover(_server.App).Select(e => e.ToString()).ToList();

        discovered.Except(Expected.Keys).ShouldBeEmpty("endpoints without an expected access in this test");
        Expected.Keys.Except(discovered).ShouldBeEmpty("expected endpoints the app no longer maps");
    }

    [Fact]
    public async Task Only_the_intended_principals_get_through_each_endpoint()
    {
        var wrong = new List<string>();
        foreach (var endpoint in EndpointCatalog.Discover(_server.App))
        {
            if (!Expected.TryGetValue(endpoint.ToString(), out var allowed))
            {
                continue; // reported by the test above
            }

            foreach (var who in Everyone)
            {
                using var response = await SendAsync(_clients[who], endpoint, "tenant-a");
                var status = (int)response.StatusCode;
                // 503 from a health endpoint is its answer (the demo tenant's datastores are not connected), not an error.
                var outcome = Denied(response) ? "denied" : status >= 500 && !(status == 503 && endpoint.Route.StartsWith("/health/", StringComparison.Ordinal)) ? "error" : "allowed";
                var expected = allowed.Contains(who) ? "allowed" : "denied";
                if (outcome != expected)
                {
                    wrong.Add($"{endpoint} as {who}: expected {expected}, got {status} {response.Headers.Location}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_page_post_handler_has_its_access_decided_here()
    {
        var discovered = (await EndpointCatalog.DiscoverPagePostsAsync(_server.App)).Select(e => e.ToString()).ToList();

        discovered.Except(ExpectedPosts.Keys).ShouldBeEmpty("page POST handlers without an expected access in this test");
        ExpectedPosts.Keys.Except(discovered).ShouldBeEmpty("expected page POST handlers the app no longer has");
    }

    [Fact]
    public async Task Only_the_intended_principals_get_through_each_page_post_handler()
    {
        var wrong = new List<string>();
        var tokens = new Dictionary<Who, string>();
        foreach (var who in Everyone)
        {
            // A signed-in person's token from the console's start page. The others have no console session: authorization
            // refuses them before any token is read, and the open handlers are open whatever they answer to a form without one.
            tokens[who] = People.Contains(who) ? LetheServer.AntiforgeryToken(await _clients[who].GetStringAsync("/")) : "";
        }

        foreach (var post in await EndpointCatalog.DiscoverPagePostsAsync(_server.App))
        {
            // Signing out would end the shared clients' sessions, and an empty sign-in is a wrong password (401, counted
            // towards a lockout); both are sign-in's own tests'. An undecided handler is reported by the test above.
            if (post.Route is "/signout" or "/signin" || !ExpectedPosts.TryGetValue(post.ToString(), out var allowed))
            {
                continue;
            }

            foreach (var who in Everyone)
            {
                using var response = await SendAsync(_clients[who], post, "tenant-a", tokens[who]);
                var outcome = Denied(response) ? "denied" : (int)response.StatusCode >= 500 ? "error" : "allowed";
                var expected = allowed.Contains(who) ? "allowed" : "denied";
                if (outcome != expected)
                {
                    wrong.Add($"{post} as {who}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_tenant_is_404_for_a_platform_admin_and_indistinguishable_from_a_foreign_one_for_others()
    {
        var wrong = new List<string>();
        // The public privacy pages answer 404 to everyone alike; they are anonymous and not part of this rule.
        foreach (var endpoint in EndpointCatalog.Discover(_server.App)
                     .Where(e => e.Route.Contains("{tenant}", StringComparison.Ordinal) && !e.Route.StartsWith("/p/", StringComparison.Ordinal)))
        {
            foreach (var who in new[] { PlatformAdmin, PrivacyOfficerA, PrivacyOfficerB, KeyA })
            {
                using var unknown = await SendAsync(_clients[who], endpoint, "no-such-tenant");
                var expected = who == PlatformAdmin ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
                if (unknown.StatusCode != expected && !(who == KeyA && !endpoint.Route.StartsWith("/api", StringComparison.Ordinal) && Denied(unknown)))
                {
                    wrong.Add($"{endpoint} as {who} for an unknown tenant: expected {(int)expected}, got {(int)unknown.StatusCode}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    private static bool Denied(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString.Contains("/signin?ReturnUrl=", StringComparison.OrdinalIgnoreCase) == true);

    private Task<HttpResponseMessage> SendAsync(HttpClient client, DiscoveredEndpoint endpoint, string tenant, string? formToken = null)
    {
        var path = endpoint.Route
            .Replace("{tenant}", tenant, StringComparison.Ordinal)
            .Replace("{userId}", _victimUserId, StringComparison.Ordinal)
            .Replace("{role}", nameof(Role.Agent), StringComparison.Ordinal)
            .Replace("{record}", "controller", StringComparison.Ordinal)
            .Replace("{number:int}", "1", StringComparison.Ordinal)
            .Replace("{keyId:guid}", _victimKeyId.ToString(), StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{step:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{finding:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{token}", "no-such-token", StringComparison.Ordinal)
            .Replace("{name}", "matrix-secret", StringComparison.Ordinal)
            .Replace("{key}", "nets", StringComparison.Ordinal)
            .Replace("{token?}", "no-such-token", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (formToken is not null)
        {
            // A page's form as the browser sends it, empty but for the anti-forgery token: allowed callers get the form back with its errors.
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = formToken });
        }
        else if (endpoint.Method is "POST" or "PUT")
        {
            // An empty object: allowed callers get a validation problem, which is enough to show they got through.
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    /// <summary>The server and one signed-in client per kind of principal, shared by the tests of this class.</summary>
    public sealed class Principals : IAsyncLifetime
    {
        public LetheServer Server { get; private set; } = null!;

        public Dictionary<Who, HttpClient> Clients { get; } = [];

        public string VictimUserId { get; private set; } = "";

        public Guid VictimKeyId { get; private set; }

        public async Task InitializeAsync()
        {
            Server = await LetheServer.StartAsync();
            var db = Server.Database;
            Reseller resellerA, resellerOther;
            await using (var scope = db.Scope())
            {
                var resellers = scope.ServiceProvider.GetRequiredService<ResellerCommands>();
                resellerA = (await resellers.CreateAsync(Lethe.Audit.AuditActor.System, "Forhandler A", "a@forhandler.example", default)).Value!;
                resellerOther = (await resellers.CreateAsync(Lethe.Audit.AuditActor.System, "Forhandler B", "b@forhandler.example", default)).Value!;
            }

            var a = await db.CreateTenantAsync("tenant-a", resellerA.Id);
            var b = await db.CreateTenantAsync("tenant-b");
            var people = new Dictionary<Who, (Role Role, Tenant? Tenant, Guid? Reseller)>
            {
                [PlatformAdmin] = (Role.PlatformAdmin, null, null),
                [PrivacyOfficerA] = (Role.PrivacyOfficer, a, null),
                [AgentA] = (Role.Agent, a, null),
                [AuditorA] = (Role.Auditor, a, null),
                [CustomerAdminA] = (Role.CustomerAdmin, a, null),
                [ResellerAdminOfA] = (Role.ResellerAdmin, null, resellerA.Id),
                [ResellerAdminOther] = (Role.ResellerAdmin, null, resellerOther.Id),
                [PrivacyOfficerB] = (Role.PrivacyOfficer, b, null),
            };
            foreach (var (who, (role, tenant, reseller)) in people)
            {
                var email = $"{who.ToString().ToLowerInvariant()}@lethe.test";
                await Server.AddPersonAsync(email, role, tenant, reseller);
                Clients[who] = await Server.SignInAsync(email);
            }

            var allScopes = Lethe.Tenancy.ApiKeyScopes.Names.ToArray();
            Clients[KeyA] = Server.WithApiKey((await db.IssueKeyAsync(a, allScopes)).Secret);
            Clients[KeyB] = Server.WithApiKey((await db.IssueKeyAsync(b, allScopes)).Secret);
            Clients[Anonymous] = Server.Anonymous();
            VictimUserId = (await Server.AddPersonAsync("victim@lethe.test", Role.Agent, a)).Id;
            VictimKeyId = (await db.IssueKeyAsync(a, "tenant:read")).Key.Id;
        }

        public async Task DisposeAsync()
        {
            foreach (var client in Clients.Values)
            {
                client.Dispose();
            }

            await Server.DisposeAsync();
        }
    }
}
