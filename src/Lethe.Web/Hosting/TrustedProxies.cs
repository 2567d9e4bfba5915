using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Lethe.Web.Hosting;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> Lethe believes: <c>Lethe:ForwardedHeaders:KnownProxies</c>
/// or LETHE_TRUSTED_PROXIES, addresses and CIDR networks separated by commas. None by default, loopback included: from
/// anyone not named the header is the client's claim about itself, and believing it would let any client (a process on
/// the same host too) choose the address that the per-address rate limits and sign-in locks count.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "Lethe:ForwardedHeaders:KnownProxies";
    public const string Variable = "LETHE_TRUSTED_PROXIES";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                // The framework trusts loopback out of the box; Lethe trusts only whom the operator names.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list too, in case it is still read: nothing of the default may stay.
                o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
                var (addresses, networks, _) = Parse(ConfiguredIn(configuration));
                foreach (var address in addresses)
                {
                    o.KnownProxies.Add(address);
                }

                foreach (var network in networks)
                {
                    o.KnownIPNetworks.Add(network);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersOptions>, Validation>();
        return services;
    }

    /// <summary>Whether any proxy is trusted; the middleware must not run otherwise, as it believes everyone given none.</summary>
    public static bool AnyIn(ForwardedHeadersOptions options) => options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0;

    public static string? ConfiguredIn(IConfiguration configuration) =>
        configuration[Setting] ?? configuration[Variable] ?? Environment.GetEnvironmentVariable(Variable);

    /// <summary>The addresses and networks in <paramref name="value"/>, and the entries that are neither.</summary>
    public static (List<IPAddress> Addresses, List<IPNetwork> Networks, List<string> Invalid) Parse(string? value)
    {
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        var invalid = new List<string>();
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!entry.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                invalid.Add(entry);
            }
        }

        return (addresses, networks, invalid);
    }

    /// <summary>A proxy named wrongly stops the server at start, not silently trusting nobody (or everybody).</summary>
    private sealed class Validation(IConfiguration configuration) : IValidateOptions<ForwardedHeadersOptions>
    {
        public ValidateOptionsResult Validate(string? name, ForwardedHeadersOptions options) =>
            Parse(ConfiguredIn(configuration)).Invalid is { Count: > 0 } invalid
                ? ValidateOptionsResult.Fail(
                    $"{Setting} ({Variable}): {string.Join(", ", invalid.Select(e => $"'{e}'"))} is not an IP address or a network such as 10.0.0.0/8. " +
                    "Name the proxies in front of Lethe by address, separated by commas.")
                : ValidateOptionsResult.Success;
    }
}
