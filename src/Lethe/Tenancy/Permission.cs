namespace Lethe.Tenancy;

/// <summary>One thing an endpoint needs; roles and API key scopes grant sets of these.</summary>
public enum Permission
{
    /// <summary>See the console at all: any person with at least one role.</summary>
    ConsoleAccess = 1,

    TenantRead,
    TenantEdit,

    /// <summary>Create new tenants (platform-wide, or under one's own reseller).</summary>
    TenantCreate,
    UsersRead,
    UsersManage,
    ApiKeysRead,
    ApiKeysManage,
    AuditRead,

    /// <summary>Read the tenant's data map (privacy manifest).</summary>
    DataMapRead,

    /// <summary>Import a new revision of the data map.</summary>
    DataMapEdit,

    /// <summary>Manage resellers and read the platform-wide audit log.</summary>
    /// <summary>See data subject requests and their steps (the identities given are personal data).</summary>
    RequestsRead,

    /// <summary>Register requests, close manual tasks and download answers with the person's data.</summary>
    RequestsManage,

    PlatformAdminister,

    /// <summary>
    /// Approve requests as the controller: the customer's own admin, for a tenant the company serves as processor
    /// (<see cref="Tenant.ControllerApproves"/>).
    /// </summary>
    RequestsApproveAsController,

    /// <summary>Read the consent log, people's current consents and receipts.</summary>
    ConsentRead,

    /// <summary>Record consent given or withdrawn (the website banner's own endpoint needs no key).</summary>
    ConsentWrite,

    /// <summary>Ask whether addresses are on the marketing suppression list (for the company's marketing tools).</summary>
    SuppressionCheck,

    /// <summary>See the retention plan, the runs' reports and the legal holds.</summary>
    RetentionRead,

    /// <summary>Place and release legal holds and start a retention run now.</summary>
    RetentionManage,

    /// <summary>See scans of the datastores for personal data and their findings: where and how many, never what.</summary>
    ScanRead,

    /// <summary>Start a scan, and mask what a finding found in the datastore.</summary>
    ScanManage,
    /// <summary>See the breach register, each breach's assessment and the notifications made.</summary>
    BreachesRead,

    /// <summary>Register breaches, assess them, notify the authority and close them.</summary>
    BreachesManage,

    /// <summary>See the processors' agreements and their documents, and the sub-processor changes with customers' objections.</summary>
    ProcessorsRead,

    /// <summary>Keep agreement documents for the data map's processors.</summary>
    ProcessorsManage,

    /// <summary>
    /// As a customer served by a processor tenant: see the sub-processors used for it, the changes announced and the
    /// breach notices the processor sent (what the controller needs for its own Art. 33).
    /// </summary>
    ProcessorNoticesRead,

    /// <summary>As a customer served by a processor tenant: object to a new or replaced sub-processor (Art. 28(2)).</summary>
    SubProcessorsObject,
    /// <summary>See the compliance calendar, the half-yearly reviews and the risk assessments.</summary>
    ReviewRead,

    /// <summary>Carry out a half-yearly review and assess the systems' risks.</summary>
    ReviewManage,
}
