using System.Text.RegularExpressions;
using Lethe.Messages;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Lethe.Web.Tests.Support;

/// <summary>What the server's outbox wrote as .eml files: the mail a person would have received.</summary>
public static partial class ServerMailbox
{
    public static async Task<IReadOnlyList<MimeMessage>> DeliverAndReadAsync(LetheServer server, string to)
    {
        await server.App.Services.GetRequiredService<OutboxWorker>().RunDueAsync(default);
        var directory = Path.Combine(server.Database.Settings.DataDirectory, "outbox");
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.eml") : [])
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add(message);
            }
        }

        return messages.OrderBy(m => m.MessageId, StringComparer.Ordinal).ToList();
    }

    public static string Link(MimeMessage message, string path) =>
        LinkPattern().Matches(message.TextBody ?? "").Select(m => m.Value).First(l => l.Contains(path, StringComparison.Ordinal));

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
