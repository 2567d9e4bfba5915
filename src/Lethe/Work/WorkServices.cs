using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Work;

/// <summary>Registers what starts background work the moment it becomes due: the signal, the save interceptor, the listener.</summary>
public static class WorkServices
{
    public static IServiceCollection AddWork(this IServiceCollection services)
    {
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<WorkDueInterceptor>();
        services.AddSingleton<WorkListener>();
        return services;
    }
}
