namespace Lethe.Tenancy;

/// <summary>Checks company registration numbers: the Danish CVR and the Norwegian organisasjonsnummer, both modulus 11.</summary>
public static class RegistrationNumber
{
    // Weights from Erhvervsstyrelsen (CVR) and Brønnøysundregistrene (orgnr); the last digit of a CVR carries weight 1,
    // the orgnr's last digit is the control digit computed from the first eight.
    private static readonly int[] CvrWeights = [2, 7, 6, 5, 4, 3, 2, 1];
    private static readonly int[] OrgnrWeights = [3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>Returns null when <paramref name="value"/> is valid for <paramref name="country"/>, else a sentence saying what is wrong.</summary>
    public static string? Problem(Country country, string value)
    {
        var digits = value.Replace(" ", "", StringComparison.Ordinal);
        return country switch
        {
            Country.DK => IsCvr(digits) ? null : $"'{value}' is not a valid CVR number: it must be 8 digits that pass the modulus 11 check.",
            Country.NO => IsOrganisasjonsnummer(digits) ? null : $"'{value}' is not a valid organisasjonsnummer: it must be 9 digits that pass the modulus 11 check.",
            _ => value.Length is > 0 and <= 40 ? null : "A registration number has 1 to 40 characters.",
        };
    }

    public static bool IsCvr(string digits)
    {
        if (digits.Length != 8 || !digits.All(char.IsAsciiDigit) || digits[0] == '0')
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * CvrWeights[i];
        }

        return sum % 11 == 0;
    }

    public static bool IsOrganisasjonsnummer(string digits)
    {
        if (digits.Length != 9 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * OrgnrWeights[i];
        }

        var control = 11 - (sum % 11);
        if (control == 11)
        {
            control = 0;
        }

        // A remainder that would need control digit 10 is never issued.
        return control != 10 && control == digits[8] - '0';
    }
}
