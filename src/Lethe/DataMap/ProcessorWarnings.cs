using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>
/// A processor or sub-processor the data map names without the date of its agreement: Art. 28(3) requires a contract
/// with each, and the Art. 30 records and the review calendar need to know when it was made. A warning, not an error:
/// the processing goes on while the agreement is found or signed.
/// </summary>
internal static class ProcessorWarnings
{
    public static void Check(Manifest m, ManifestErrors errors)
    {
        for (var i = 0; i < m.Processors.Count; i++)
        {
            var p = m.Processors[i];
            if (p.Role is "processor" or "sub-processor" && p.AgreementDate is null)
            {
                errors.WarnAt($"processors[{i}].agreementDate",
                    new Said(p.Role == "processor" ? "manifest.warning.processor_without_agreement" : "manifest.warning.sub_processor_without_agreement", [p.Name]));
            }
        }
    }
}
