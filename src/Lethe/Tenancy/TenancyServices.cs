using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tenancy;

/// <summary>Registers tenants and resellers.</summary>
public static class TenancyServices
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<TenantCommands>();
        services.AddScoped<ResellerCommands>();
        return services;
    }
}
