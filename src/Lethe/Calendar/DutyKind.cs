using System.Text.Json.Serialization;

namespace Lethe.Calendar;

/// <summary>A recurring duty of the compliance calendar: what the policies promise to do again and again.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DutyKind>))]
public enum DutyKind
{
    /// <summary>The half-yearly control and maintenance of the processing (the seeds' policy 003).</summary>
    [JsonStringEnumMemberName("half-yearly-review")] HalfYearlyReview = 1,

    /// <summary>A risk assessment of one system of the data map (Art. 32; the seeds' 001 and 003).</summary>
    [JsonStringEnumMemberName("risk-assessment")] RiskAssessment,

    /// <summary>Reading the published privacy notice again against what the company does (Art. 13, 14).</summary>
    [JsonStringEnumMemberName("notice-review")] NoticeReview,

    /// <summary>Reviewing a processor agreement (Art. 28); listed by a duty source plugged in beside the built-in ones.</summary>
    [JsonStringEnumMemberName("agreement-review")] AgreementReview,
}
