namespace Lethe.Consent;

/// <summary>Given or withdrawn.</summary>
public static class ConsentAction
{
    public const string Given = "given";
    public const string Withdrawn = "withdrawn";
}

/// <summary>
/// One entry of the append-only consent log: who (a keyed hash of the person's e-mail address or of the browser's
/// first-party id), what (given or withdrawn, for which purposes), when, through which channel, under which notice
/// version and texts, and whether the browser sent Global Privacy Control. Never changed or deleted but with the
/// person's erasure.
/// </summary>
public sealed class ConsentEvent : Storage.ITenantOwned
{
    /// <summary>Also the receipt's <c>consentReceiptID</c>: a random (version 4) UUID, as the Kantara receipt asks.</summary>
    public Guid Id { get; init; } = Common.RandomUuids.NewV4();

    public Guid TenantId { get; init; }

    /// <summary><c>person:</c> or <c>browser:</c> followed by the keyed hash (<see cref="ConsentSubject"/>).</summary>
    public required string Subject { get; init; }

    public required string Action { get; init; }

    /// <summary>JSON array of purpose keys.</summary>
    public required string PurposesJson { get; init; }

    public required string Channel { get; init; }

    public int? NoticeVersion { get; init; }

    /// <summary>SHA-256 (hex) of the exact texts the person was shown, as the banner or form sent it.</summary>
    public string? TextsHash { get; init; }

    public bool GlobalPrivacyControl { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>The event's place in its batch: orders the events recorded in the same instant, so the last one decides.</summary>
    public int Position { get; init; }

    private string? _receiptJson;
    private ConsentReceipt.Draft? _receiptDraft;

    /// <summary>The receipt as issued (Kantara Consent Receipt v1.1 fields where they apply).</summary>
    /// <remarks>
    /// An event just recorded on PostgreSQL renders its receipt when this is first read: the log wrote it straight into
    /// the COPY stream, and keeping a batch's thousand receipts as strings that no caller reads cost the recording a
    /// tenth of its speed in garbage collection. Rendering is deterministic (the event and the data map's receipt
    /// fragments it was recorded under), so what is read is what the log stored. Such an event is not for saving through
    /// EF Core, which reads the backing field: it is in the log already.
    /// </remarks>
    public string ReceiptJson
    {
        get => _receiptJson ?? (_receiptDraft is { } draft ? _receiptJson = draft.Render() : "");
        set => _receiptJson = value;
    }

    /// <summary>For an event whose receipt went to the log without being kept: how to render it if it is read.</summary>
    internal void RenderReceiptWhenRead(ConsentReceipt.Draft draft) => _receiptDraft = draft;
}
