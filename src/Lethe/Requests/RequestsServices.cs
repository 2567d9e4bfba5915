using Lethe.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Requests;

/// <summary>Registers data subject requests: their commands, lifecycle, answers and workers.</summary>
public static class RequestsServices
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddScoped<RequestCommands>();
        services.AddScoped<RequestRunner>();
        services.AddScoped<RequestExtension>();
        services.AddScoped<RequestLifecycle>();
        services.AddScoped<RequestMessages>();
        services.AddScoped<AnswerPackages>();
        services.AddScoped<PrivacyCentre>();
        services.AddScoped<RequestReminders>();
        services.AddSingleton<StatusWebhooks>();
        services.AddSingleton<RequestRound>();
        services.AddScoped<StatusWebhookSettings>();
        services.AddSingleton<PackageWorker>();
        services.AddScoped<OwnRecordsErasure>();
        services.AddSingleton<RequestWorker>();
        services.AddCheckedSettings<WorkerOptions>(WorkerOptions.Section);
        return services;
    }
}
