using Lethe.Tests.Support;
using MimeKit;

namespace Lethe.Web.Tests.Support;

/// <summary>The mail a person would have received from a test server (<see cref="Mailbox"/> over its data directory).</summary>
public static class ServerMailbox
{
    public static Task<IReadOnlyList<MimeMessage>> DeliverAndReadAsync(LetheServer server, string to) =>
        Mailbox.DeliverAndReadAsync(server.App.Services, server.Database.Settings.DataDirectory, to);

    public static string Link(MimeMessage message, string path) => Mailbox.Link(message, path);
}
