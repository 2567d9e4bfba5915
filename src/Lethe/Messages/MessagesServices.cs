using Lethe.Common;
using Lethe.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Messages;

/// <summary>Registers the outbox and the mail transport it sends through.</summary>
public static class MessagesServices
{
    public static IServiceCollection AddMessages(this IServiceCollection services, StorageSettings storage)
    {
        services.AddScoped<Outbox>();
        services.AddSingleton<OutboxWorker>();
        services.AddCheckedSettings<MailOptions>(MailOptions.Section);
        services.AddSingleton<IMailTransport>(sp =>
        {
            var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            return string.IsNullOrWhiteSpace(mail.SmtpHost)
                ? new EmlDirectoryTransport(Path.Combine(storage.DataDirectory, "outbox"))
                : new SmtpTransport(mail);
        });
        return services;
    }
}
