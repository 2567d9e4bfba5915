using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lethe.Messages;

/// <summary>Hands a finished message to the world: an SMTP server, or a file.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Writes each message as an RFC 5322 <c>.eml</c> file, named by its id, under a directory.</summary>
public sealed class EmlDirectoryTransport(string directory) : IMailTransport
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = (message.MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId()).Split('@')[0];
        var path = Path.Combine(Directory, $"{name}.eml");
        // Written aside and moved, so a reader never sees half a message.
        var partial = path + ".part";
        await message.WriteToAsync(partial, ct);
        File.Move(partial, path, overwrite: true);
    }
}

/// <summary>Delivers over SMTP with MailKit (STARTTLS or implicit TLS, optional authentication).</summary>
public sealed class SmtpTransport(MailOptions options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = options.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect
            : options.SmtpStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        await client.ConnectAsync(options.SmtpHost ?? throw new InvalidOperationException("Lethe:Mail:SmtpHost is not set."), options.SmtpPort, security, ct);
        if (!string.IsNullOrEmpty(options.SmtpUser))
        {
            await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
