namespace Lethe.Audit;

/// <summary>The action names written to the audit log, so filters and reports can rely on them.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string SignInLockedOut = "auth.locked-out";
    public const string SignInLocked = "auth.sign-in-locked";
    public const string SignInUnlocked = "auth.sign-in-unlocked";
    public const string SignOut = "auth.sign-out";
    public const string PasswordChanged = "auth.password-changed";
    public const string TwoFactorEnabled = "auth.two-factor-enabled";
    public const string TwoFactorDisabled = "auth.two-factor-disabled";
    public const string ApiKeyRejected = "auth.api-key-rejected";
    public const string UserCreated = "user.created";
    public const string RoleGranted = "user.role-granted";
    public const string RoleRevoked = "user.role-revoked";
    public const string ApiKeyCreated = "api-key.created";
    public const string ApiKeyRevoked = "api-key.revoked";
    public const string TenantCreated = "tenant.created";
    public const string TenantUpdated = "tenant.updated";
    public const string ResellerCreated = "reseller.created";
    public const string FirstRun = "platform.first-run";
    public const string DataMapImported = "data-map.imported";
    public const string DatastoreSecretSet = "datastore-secret.set";
    public const string DatastoreSecretRemoved = "datastore-secret.removed";
    public const string NoticePublished = "notice.published";
    public const string RequestCreated = "request.created";
    public const string RequestVerified = "request.verified";
    public const string RequestVerificationSent = "request.verification-sent";
    public const string RequestVerificationFailed = "request.verification-failed";
    public const string RequestApproved = "request.approved";
    public const string RequestRejected = "request.rejected";
    public const string RequestWithdrawn = "request.withdrawn";
    public const string RequestAssigned = "request.assigned";
    public const string RequestCorrectionConfirmed = "request.correction-confirmed";
    public const string RequestReminded = "request.reminded";
    public const string ConsentRecorded = "consent.recorded";
    public const string NewsletterConfirmationSent = "newsletter.confirmation-sent";
    public const string PreferencesLinkSent = "consent.preferences-link-sent";
    public const string OwnRecordsErased = "request.own-records-erased";
    public const string ConsentHistoryRead = "consent.history-read";
    public const string SuppressionChecked = "suppression.checked";
    public const string StatusWebhookSet = "tenant.status-webhook-set";
    public const string StatusWebhookRemoved = "tenant.status-webhook-removed";
    public const string StatusWebhookFailed = "request.status-webhook-failed";
    public const string RequestPackageStored = "request.package-stored";
    public const string RequestPackageDownloaded = "request.package-downloaded";
    public const string RequestPackageExpired = "request.package-expired";
    public const string RequestPackageFailed = "request.package-failed";
    public const string RequestPackageGaveUp = "request.package-gave-up";
    public const string RequestPackageRetried = "request.package-retried";
    public const string RequestStatusRead = "request.status-read";
    public const string MessageQueued = "message.queued";
    public const string MessageSent = "message.sent";
    public const string MessageFailed = "message.failed";
    public const string MessageRetried = "message.retried";
    public const string RequestStepDone = "request.step-done";
    public const string RequestStepWaiting = "request.step-waiting";
    public const string RequestStepFailed = "request.step-failed";
    public const string RequestStepGaveUp = "request.step-gave-up";
    public const string RequestStepRetried = "request.step-retried";
    public const string RequestCompleted = "request.completed";
    public const string RequestExtended = "request.extended";
    public const string RequestAnswerRead = "request.answer-read";
    public const string RequestViewed = "request.viewed";

    /// <summary>Someone saw the request list with the names of the people who asked (personal data, as a request's page).</summary>
    public const string RequestNamesRead = "request.names-read";
    public const string ManualTaskCompleted = "request.manual-task-completed";

    /// <summary>An agent chose which of several people the identities matched a request is about.</summary>
    public const string RequestPersonChosen = "request.person-chosen";
    public const string CallbackAccepted = "request.callback-accepted";
    public const string CallbackRejected = "request.callback-rejected";
    public const string DeferredErasureDone = "erasure.deferred-done";
    public const string DeferredErasureFailed = "erasure.deferred-failed";
    public const string DeferredErasureGaveUp = "erasure.deferred-gave-up";
    public const string DeferredErasureRetried = "erasure.deferred-retried";
    public const string RetentionHoldPlaced = "retention.hold-placed";
    public const string RetentionHoldReleased = "retention.hold-released";
    public const string RetentionRuleDone = "retention.rule-done";
    public const string RetentionRuleFailed = "retention.rule-failed";
    public const string RetentionRunFinished = "retention.run-finished";
    public const string ScanStarted = "scan.started";
    public const string ScanFinished = "scan.finished";
    public const string ScanMasked = "scan.masked";
    public const string BreachRegistered = "breach.registered";
    public const string BreachAssessed = "breach.assessed";
    public const string BreachNotified = "breach.notified";
    public const string BreachClosed = "breach.closed";
    public const string BreachViewed = "breach.viewed";
    public const string BreachRegisterRead = "breach.register-read";
    public const string BreachLettersCounted = "breach.letters-counted";
    public const string BreachLettersSent = "breach.letters-sent";
    public const string BreachPublicNotice = "breach.public-notice";
    public const string BreachReminded = "breach.reminded";
}
