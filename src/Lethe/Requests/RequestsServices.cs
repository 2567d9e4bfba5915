using Lethe.Common;
using Lethe.Requests.Answers;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Requests;

/// <summary>Registers data subject requests: their commands, lifecycle, answers and workers.</summary>
public static class RequestsServices
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddScoped<RequestRegistration>();
        services.AddScoped<RequestQueries>();
        services.AddScoped<ManualTasks>();
        services.AddScoped<PersonChoices>();
        services.AddScoped<WebhookCallbacks>();
        services.AddScoped<AnswerZip>();
        services.AddScoped<RequestRunner>();
        services.AddScoped<RequestExtension>();
        services.AddScoped<RequestLifecycle>();
        services.AddScoped<RequestMessages>();
        services.AddScoped<AnswerPackages>();
        services.AddScoped<Work.StalledWork>();
        services.AddScoped<Work.TodaysWork>();
        services.AddScoped<Work.OverdueForwards>();
        services.AddScoped<SelfServiceRequests>();
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
