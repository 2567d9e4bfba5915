using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tenancy;

/// <summary>Registers tenants, resellers and each tenant's key material.</summary>
public static class TenancyServices
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<TenantCommands>();
        services.AddScoped<ResellerCommands>();
        services.AddSingleton<TenantKeys>();
        return services;
    }
}
