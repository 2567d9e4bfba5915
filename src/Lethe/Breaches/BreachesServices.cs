using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Breaches;

/// <summary>Registers the breach register.</summary>
public static class BreachesServices
{
    public static IServiceCollection AddBreaches(this IServiceCollection services)
    {
        services.AddScoped<BreachCommands>();
        services.AddScoped<BreachLetters>();
        services.AddScoped<BreachReminders>();
        return services;
    }
}
