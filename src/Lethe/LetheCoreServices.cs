using Lethe.Accounts;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.FirstRun;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe;

/// <summary>Registers Lethe's core (storage, identity stores, audit log) for the web host and the CLI alike.</summary>
public static class LetheCoreServices
{
    public static IServiceCollection AddLetheCore(this IServiceCollection services, StorageSettings storage)
    {
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantScope>();
        // Pooled: building a context's options and EF Core's internal services anew per request was most of what a
        // cheap API call allocated (the consent state read: 60 KB of 96 KB), and the garbage collections it caused set
        // the tail latency. Each unit of work still gets its own TenantScope and clock, bound when it rents the context.
        services.AddPooledDbContextFactory<LetheDbContext>(options =>
        {
            _ = storage.Provider switch
            {
                DatabaseProvider.Sqlite => options.UseSqlite(storage.ConnectionString),
                DatabaseProvider.Postgres => options.UseNpgsql(PostgresDefaults.Apply(storage.ConnectionString)),
                _ => throw new InvalidOperationException($"Unknown provider {storage.Provider}."),
            };
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LetheDbContext>>().CreateDbContext()
            .Rent(sp.GetRequiredService<TenantScope>(), sp.GetRequiredService<TimeProvider>()));

        services.AddDataProtection().SetApplicationName("Lethe");
        services.AddSingleton(sp => new KeyRingKey(
            sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>()?[KeyRingKey.Setting] is { Length: > 0 } file
                ? Path.GetFullPath(file)
                : KeyRingKey.DefaultPath(storage.DataDirectory)));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var encryptor = new KeyRingEncryptor(sp.GetRequiredService<KeyRingKey>());
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>(), encryptor,
                (Microsoft.Extensions.Logging.ILogger?)sp.GetService<Microsoft.Extensions.Logging.ILogger<DatabaseXmlRepository>>()
                ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            o.XmlEncryptor = encryptor;
        }));

        services.AddIdentityCore<LetheUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                // Identity locks an account for everyone, so anyone who knows an address could keep its owner out;
                // SignInLocks pauses one address of one account instead (SignInLockout).
                options.Lockout.AllowedForNewUsers = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version1;
            })
            .AddEntityFrameworkStores<LetheDbContext>()
            .AddDefaultTokenProviders();

        services.AddScoped<AuditLog>();
        services.AddScoped<TenantCommands>();
        services.AddScoped<ResellerCommands>();
        services.AddScoped<UserCommands>();
        services.AddScoped<SignInLocks>();
        services.AddSingleton<DecoyPassword>();
        services.AddScoped<ApiKeyCommands>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<FirstRunSetup>();
        services.AddScoped<DataMapCommands>();
        services.AddSingleton<DataMapCache>();
        services.AddSingleton<Lethe.Common.RecentReads>();
        services.AddScoped<Lethe.Records.RecordCommands>();
        services.AddScoped<Lethe.Notices.NoticeCommands>();
        services.AddSingleton(sp => new Lethe.Connectors.OwnStore(storage, sp.GetRequiredService<KeyRingKey>().Path));
        services.AddSingleton(sp => new Lethe.Connectors.DatastoreConnections(
            sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>(), sp.GetRequiredService<Lethe.Connectors.OwnStore>(), sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddScoped<Lethe.Connectors.DatastoreSecrets>();
        services.AddScoped<Lethe.Requests.RequestRegistration>();
        services.AddScoped<Lethe.Requests.RequestQueries>();
        services.AddScoped<Lethe.Requests.ManualTasks>();
        services.AddScoped<Lethe.Requests.PersonChoices>();
        services.AddScoped<Lethe.Requests.WebhookCallbacks>();
        services.AddScoped<Lethe.Requests.AnswerZip>();
        services.AddScoped<Lethe.Requests.RequestRunner>();
        services.AddScoped<Lethe.Requests.RequestExtension>();
        services.AddScoped<Lethe.Requests.RequestLifecycle>();
        services.AddScoped<Lethe.Requests.RequestMessages>();
        services.AddScoped<Lethe.Requests.AnswerPackages>();
        services.AddScoped<Lethe.Work.StalledWork>();
        services.AddScoped<Lethe.Requests.SelfServiceRequests>();
        services.AddScoped<Lethe.Requests.RequestReminders>();
        services.AddSingleton<Lethe.Requests.StatusWebhooks>();
        services.AddSingleton<Lethe.Requests.RequestRound>();
        services.AddScoped<Lethe.Requests.StatusWebhookSettings>();
        services.AddSingleton<Lethe.Requests.PackageWorker>();
        services.AddScoped<Lethe.Consent.SuppressionList>();
        services.AddScoped<Lethe.Consent.ConsentLog>();
        services.AddSingleton<Lethe.Execution.TenantKeys>();
        services.AddScoped<Lethe.Consent.Newsletter>();
        services.AddScoped<Lethe.Requests.OwnRecordsErasure>();
        services.AddSettings<Lethe.Consent.ConsentOptions>(Lethe.Consent.ConsentOptions.Section);
        services.AddSingleton(sp => new Lethe.Common.PublicAddress(sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddScoped<Lethe.Messages.Outbox>();
        services.AddSingleton<Lethe.Messages.OutboxWorker>();
        services.AddSettings<Lethe.Messages.MailOptions>(Lethe.Messages.MailOptions.Section);
        services.AddSingleton<Lethe.Messages.IMailTransport>(sp =>
        {
            var mail = sp.GetRequiredService<IOptions<Lethe.Messages.MailOptions>>().Value;
            return string.IsNullOrWhiteSpace(mail.SmtpHost)
                ? new Lethe.Messages.EmlDirectoryTransport(Path.Combine(storage.DataDirectory, "outbox"))
                : new Lethe.Messages.SmtpTransport(mail);
        });
        services.AddSingleton<Lethe.Requests.RequestWorker>();
        services.AddSettings<Lethe.Retention.RetentionOptions>(Lethe.Retention.RetentionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Lethe.Retention.RetentionOptions>, Lethe.Retention.RetentionOptionsValidation>();
        services.AddScoped<Lethe.Retention.RetentionCommands>();
        services.AddScoped<Lethe.Retention.RetentionRunner>();
        services.AddSingleton<Lethe.Retention.RetentionWorker>();
        return services;
    }

    /// <summary>Options bound from a configuration section when there is configuration; the defaults otherwise.</summary>
    private static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().Configure<IServiceProvider>((o, sp) =>
        {
            if (sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>() is { } configuration)
            {
                Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(section), o);
            }
        });
}
