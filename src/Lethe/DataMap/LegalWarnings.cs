using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>
/// Where a manifest is valid but the law says otherwise (LEGAL.md's edge cases), the law wins and Lethe warns, naming
/// the rule. The seeds contain such mistakes, and a manifest that encodes one faithfully still deserves to hear it.
/// </summary>
internal static class LegalWarnings
{
    private static readonly IsoPeriod OneYear = new(1, 0, 0);

    // 5 years from the end of the financial year is, counted from an invoice date, up to 6 years.
    private static readonly IsoPeriod SixYears = new(6, 0, 0);

    public static void Check(Manifest m, ManifestErrors errors)
    {
        for (var i = 0; i < m.RetentionRules.Count; i++)
        {
            var rule = m.RetentionRules[i];
            var reference = rule.LegalReference ?? "";
            var minimum = rule.Minimum is null ? null : IsoPeriod.Parse(rule.Minimum);
            var maximum = rule.Maximum is null ? null : IsoPeriod.Parse(rule.Maximum);

            var danishBookkeeping = m.Organization.Country == "DK" && reference.Contains("Bogføringsloven", StringComparison.OrdinalIgnoreCase);
            var fromInvoiceDate = rule.Anchor?.Name.Contains("invoice", StringComparison.OrdinalIgnoreCase) == true
                && rule.CountFrom != "financial-year-end";
            if (danishBookkeeping && fromInvoiceDate && ((minimum?.CanBeShorterThan(SixYears) ?? false) || (maximum?.CanBeShorterThan(SixYears) ?? false)))
            {
                errors.WarnAt($"retention[{i}].anchor", new Said("manifest.warning.bookkeeping_from_invoice_date", []));
            }

            if (minimum is not null && rule.Anchor is not null && rule.Requires.Count == 0)
            {
                errors.WarnAt($"retention[{i}].minimum", new Said("manifest.warning.hold_without_requires", []));
            }

            if (reference.Contains("786", StringComparison.Ordinal) && (maximum is null || OneYear.CanBeShorterThan(maximum)))
            {
                errors.WarnAt($"retention[{i}].maximum", new Said("manifest.warning.access_logs_one_year", []));
            }
        }
    }
}
