using Microsoft.Extensions.DependencyInjection;

namespace Lethe.FirstRun;

/// <summary>Registers the first-run setup.</summary>
public static class FirstRunServices
{
    public static IServiceCollection AddFirstRun(this IServiceCollection services)
    {
        services.AddScoped<FirstRunSetup>();
        return services;
    }
}
