using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Execution;

/// <summary>Registers what answering requests from the datastores shares.</summary>
public static class ExecutionServices
{
    public static IServiceCollection AddExecution(this IServiceCollection services)
    {
        services.AddSingleton<TenantKeys>();
        return services;
    }
}
