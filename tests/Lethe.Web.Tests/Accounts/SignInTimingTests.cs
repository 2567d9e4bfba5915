using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Accounts;

/// <summary>
/// How long a refused sign-in takes must not tell whether the address has an account: an unknown address costs a
/// password hash too. The bound is loose (medians within a factor of two) so a busy machine does not fail it, while
/// the difference it guards against was sevenfold (a hash checked for real accounts only).
/// </summary>
public sealed class SignInTimingTests(ITestOutputHelper output) : ServerPerTest
{
    private const int Rounds = 15;

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_take_about_as_long()
    {
        await Server.AddPersonAsync("admin@lethe.test", Role.PlatformAdmin);
        var known = new List<double>();
        var unknown = new List<double>();

        for (var i = 0; i < Rounds + 2; i++)
        {
            // Each try from an address of its own, so neither the rate limit nor a pause answers instead of the check.
            var k = await TimeAsync(IPAddress.Parse($"127.0.1.{i + 1}"), "admin@lethe.test");
            var u = await TimeAsync(IPAddress.Parse($"127.0.2.{i + 1}"), $"nobody{i}@lethe.test");
            if (i >= 2)
            {
                // The first rounds warm up the JIT and the connection pool.
                known.Add(k);
                unknown.Add(u);
            }
        }

        var ratio = Median(known) / Median(unknown);
        output.WriteLine($"median known {Median(known):F1} ms, unknown {Median(unknown):F1} ms, ratio {ratio:F2}");
        ratio.ShouldBeInRange(0.5, 2.0, $"median known {Median(known):F1} ms, unknown {Median(unknown):F1} ms");
    }

    private async Task<double> TimeAsync(IPAddress from, string email)
    {
        using var client = Server.Anonymous(from);
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync("/signin"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Email"] = email, ["Password"] = "a-guessed-password",
        });
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync("/signin", form);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
