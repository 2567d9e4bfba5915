using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Processors;

/// <summary>Registers processors' agreements, sub-processor notices and processor-to-controller breach notices.</summary>
public static class ProcessorsServices
{
    public static IServiceCollection AddProcessors(this IServiceCollection services)
    {
        services.AddScoped<AgreementDocuments>();
        services.AddScoped<SubProcessorNotices>();
        services.AddScoped<ControllerBreachNotices>();
        services.AddScoped<ServedByCommands>();
        return services;
    }
}
