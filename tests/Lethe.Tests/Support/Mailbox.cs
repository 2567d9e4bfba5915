using System.Text.RegularExpressions;
using Lethe.Messages;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Lethe.Tests.Support;

/// <summary>The .eml files Lethe's outbox wrote under a data directory: what a person would have received.</summary>
public static partial class Mailbox
{
    /// <summary>Delivers what is queued, then reads every message sent to <paramref name="to"/>, oldest first.</summary>
    public static Task<IReadOnlyList<MimeMessage>> DeliverAndReadAsync(TestDatabase db, string to) =>
        DeliverAndReadAsync(db.Services, db.Settings.DataDirectory, to);

    /// <inheritdoc cref="DeliverAndReadAsync(TestDatabase, string)"/>
    public static async Task<IReadOnlyList<MimeMessage>> DeliverAndReadAsync(IServiceProvider services, string dataDirectory, string to)
    {
        await services.GetRequiredService<OutboxWorker>().RunDueAsync(default);
        var directory = Path.Combine(dataDirectory, "outbox");
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

    /// <summary>The first link in a message's text that goes to <paramref name="path"/> (e.g. "/verify/").</summary>
    public static string Link(MimeMessage message, string path) =>
        LinkPattern().Matches(message.TextBody ?? "").Select(m => m.Value).First(l => l.Contains(path, StringComparison.Ordinal));

    /// <summary>The last part of that link without its query: the code or token it carries.</summary>
    public static string LinkToken(MimeMessage message, string path) => Link(message, path).Split('?')[0].Split('/')[^1];

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
