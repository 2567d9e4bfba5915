using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Lethe.Web.Tests.Support;

/// <summary>
/// Two Lethe servers on one PostgreSQL database and one data directory, as two machines behind a load balancer run,
/// both listening for the work the other announces.
/// </summary>
public sealed class TwoServers : IAsyncDisposable
{
    private TwoServers(LetheServer first, LetheServer second)
    {
        First = first;
        Second = second;
    }

    public LetheServer First { get; }

    public LetheServer Second { get; }

    /// <param name="configure">Applied to both servers, e.g. to share one test double between them.</param>
    public static async Task<TwoServers> StartAsync(
        IReadOnlyDictionary<string, string?> configuration, TimeSpan within, Action<WebApplicationBuilder>? configure = null)
    {
        var first = await LetheServer.StartAsync(DatabaseProvider.Postgres, configuration: configuration, configure: configure);
        LetheServer? second = null;
        try
        {
            second = await first.BesideAsync(configuration, configure);
            await first.ListeningAsync(within);
            await second.ListeningAsync(within);
            return new TwoServers(first, second);
        }
        catch
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await first.DisposeAsync();
            throw;
        }
    }

    /// <summary>The first server for even numbers, the second for odd ones: a load balancer's round robin.</summary>
    public LetheServer For(int number) => number % 2 == 0 ? First : Second;

    public LetheServer Other(LetheServer server) => ReferenceEquals(server, First) ? Second : First;

    public async ValueTask DisposeAsync()
    {
        // The second first: the first owns the database.
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}
