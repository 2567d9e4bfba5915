using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Lethe.Scanning;

/// <summary>
/// IPv4 and IPv6 addresses, each candidate confirmed by <see cref="IPAddress"/>. Four dotted numbers are also how
/// versions are written, so one after "version" or "v" is left out, as are dotted numbers with more or fewer parts
/// ("1.2.3", "1.2.3.4.5"). Addresses that identify no one (0.0.0.0, loopback, broadcast) are
/// <see cref="Confidence.Low"/>; others <see cref="Confidence.Medium"/>, and <see cref="Confidence.Certain"/> after "IP".
/// </summary>
public sealed partial class IpAddressDetector : INumberDetector
{
    private static readonly ContextWords Naming = new("ip", "ipv4", "ipv6", "ipadresse*", "ipaddress*", "client*", "remote*", "host*");

    private static readonly ContextWords Versioning = new("version*", "versjon*", "ver", "ver.", "v", "build", "release");

    public DetectorKind Kind => DetectorKind.IpAddress;

    public int MinDigits => 4;

    public void Find(string text, ICollection<Detection> found)
    {
        if (text.Contains('.') && DigitText.HasAtLeast(text, MinDigits))
        {
            FindVersion4(text, 0, text.Length, found);
        }

        FindRest(text, found);
    }

    /// <summary>IPv4: four dotted numbers.</summary>
    public void FindNumbers(string text, int start, int end, ICollection<Detection> found)
    {
        // Most runs of digits are dates, amounts and order numbers: without three dots they hold no address, and
        // counting them costs far less than the regex.
        if (text.AsSpan(start, end - start).Count('.') >= 3)
        {
            FindVersion4(text, start, end, found);
        }
    }

    private void FindVersion4(string text, int start, int end, ICollection<Detection> found)
    {
        foreach (var match in Version4().EnumerateMatches(DigitText.Through(text, end), start))
        {
            if (match.Index >= end)
            {
                break;
            }

            Add(text, match.Index, match.Length, found);
        }
    }

    /// <summary>IPv6, whose hexadecimal groups hold letters, so it is looked for in the whole text.</summary>
    public void FindRest(string text, ICollection<Detection> found)
    {
        if (text.Contains(':'))
        {
            foreach (var match in Version6().EnumerateMatches(text))
            {
                var span = text.AsSpan(match.Index, match.Length);
                // Times ("12:30:45") and labels ("Note:") have too few colons; a real IPv6 address is eight groups or
                // shortens a run of them with "::", and has at least one digit somewhere.
                if ((span.Count(':') == 7 || span.Contains("::", StringComparison.Ordinal)) && span.IndexOfAnyInRange('0', '9') >= 0)
                {
                    Add(text, match.Index, match.Length, found);
                }
            }
        }
    }

    private void Add(string text, int start, int length, ICollection<Detection> found)
    {
        if (!DigitText.StandsAlone(text, start, start + length, ".:")
            || !IPAddress.TryParse(text.AsSpan(start, length), out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && Versioning.Precede(text, start)))
        {
            return;
        }

        var confidence = IdentifiesNoOne(address) ? Confidence.Low
            : Naming.Precede(text, start) ? Confidence.Certain
            : Confidence.Medium;
        found.Add(new Detection(Kind, start, length, confidence));
    }

    // Loopback and unspecified addresses, and in IPv4 the network, broadcast, multicast and reserved ones: none is a
    // device's own address, and "1.0.0.0" is far more often an assembly version than a host.
    private static bool IdentifiesNoOne(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> octets = stackalloc byte[4];
        address.TryWriteBytes(octets, out _);
        return octets[0] == 0 || octets[0] >= 224 || octets[3] == 0 || octets[3] == 255;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![\p{L}\p{Nd}_])", RegexOptions.CultureInvariant)]
    private static partial Regex Version4();

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\p{L}\p{Nd}_:])", RegexOptions.CultureInvariant)]
    private static partial Regex Version6();
}
