using System.Data.Common;
using System.Net.Sockets;

namespace Lethe.Connectors;

/// <summary>What counts as a customer's system failing (down, locked, not as the data map says), and how it is told.</summary>
public static class DatastoreFailure
{
    /// <summary>A failure of the datastore or the network, recorded and retried; anything else is a bug in Lethe.</summary>
    public static bool Is(Exception e) =>
        e is DbException or DatastoreProblem or HttpRequestException or TimeoutException or SocketException or IOException or InvalidOperationException { InnerException: DbException }
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    /// <summary>The error for the console and reports: what failed, without connection strings.</summary>
    public static string Describe(Exception e)
    {
        var message = e.Message.ReplaceLineEndings(" ");
        return (message.Length > 500 ? message[..500] + "…" : message) + (e is DatastoreProblem ? "" : $" ({e.GetType().Name})");
    }
}
