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
                errors.WarnAt($"retention[{i}].anchor",
                    "the Bookkeeping Act (bogføringsloven § 10) counts 5 years from the end of the financial year, not from the invoice date: " +
                    "counted from the invoice date this rule lets invoices from early in a financial year go too soon (an invoice of 2 January 2024 " +
                    "must be kept until 31 December 2029). Add countFrom: financial-year-end, or count at least P6Y from the invoice date.");
            }

            if (minimum is not null && rule.Anchor is not null && rule.Requires.Count == 0)
            {
                errors.WarnAt($"retention[{i}].minimum",
                    "a legal hold keeps only what the law requires (Art. 5(1)(c)): list it under requires, e.g. [invoices, customers.name, customers.address], " +
                    "so an erasure under the hold erases the rest of the person's rows (e-mail, phone, preferences) at once instead of keeping them whole.");
            }

            if (reference.Contains("786", StringComparison.Ordinal) && (maximum is null || OneYear.CanBeShorterThan(maximum)))
            {
                errors.WarnAt($"retention[{i}].maximum",
                    "retsplejeloven § 786 f requires IP and access logs for 1 year and no more; keeping them longer needs another legal basis " +
                    "(e.g. billing data until the bill can no longer be disputed) and its own rule.");
            }
        }
    }
}
