using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

public sealed class IpAddressDetectorTests
{
    private readonly IpAddressDetector detector = new();

    [Theory]
    [InlineData("Login fra 85.191.2.3 kl. 10", "85.191.2.3", Confidence.Medium)]
    [InlineData("IP: 192.168.1.20", "192.168.1.20", Confidence.Certain)]
    [InlineData("ip-adresse 2001:db8::8a2e:370:7334", "2001:db8::8a2e:370:7334", Confidence.Certain)]
    [InlineData("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:443", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", Confidence.Medium)]
    [InlineData("from 127.0.0.1", "127.0.0.1", Confidence.Low)]
    [InlineData("::1", "::1", Confidence.Low)]
    [InlineData("assembly 1.0.0.0", "1.0.0.0", Confidence.Low)]
    public void Addresses_are_found(string text, string address, Confidence confidence)
    {
        var found = Found.Single(detector, text);

        found.Text.ShouldBe(address);
        found.Confidence.ShouldBe(confidence);
    }

    [Theory]
    [InlineData("version 1.2.3")]
    [InlineData("Version 1.2.3.4")]
    [InlineData("v. 4.5.6.7")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("15.01.2024")]
    [InlineData("kl. 12:30:45")]
    [InlineData("std::vector")]
    [InlineData("Note: see a:b")]
    [InlineData("1.2.3.4a")]
    public void Versions_dates_times_and_code_are_not_addresses(string text) => Found.By(detector, text).ShouldBeEmpty();
}
