namespace Lethe.Consent;

/// <summary>One consent event as a banner, a form or a system reports it.</summary>
public sealed record ConsentInput(
    string? SubjectType, string? Subject, string? Action, IReadOnlyList<string>? Purposes, string? Channel = ConsentInput.ApiChannel,
    int? NoticeVersion = null, string? TextsHash = null, bool GlobalPrivacyControl = false, string? Language = null)
{
    public const string ApiChannel = "api";

    /// <summary>The website banner: it may record only the purposes it shows (<see cref="ConsentPurpose.InBanner"/>).</summary>
    public const string BannerChannel = "banner";

    public const int MaxBatch = 1000;

    public static readonly string[] Channels = ["banner", "api", "newsletter", "preference_page", "request", "agent"];
}
