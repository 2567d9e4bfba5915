using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Audit;

/// <summary>Registers the audit log.</summary>
public static class AuditServices
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditReader>();
        return services;
    }
}
