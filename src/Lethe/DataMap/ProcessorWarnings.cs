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
                    $"{p.Name} is a {p.Role} without a data processing agreement (Art. 28(3)); give the agreement's agreementDate and agreementReference, and keep the signed agreement on the processors page.");
            }
        }
    }
}
