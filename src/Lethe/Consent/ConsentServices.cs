using Lethe.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Consent;

/// <summary>Registers the consent log, the suppression list and the newsletter.</summary>
public static class ConsentServices
{
    public static IServiceCollection AddConsent(this IServiceCollection services)
    {
        services.AddScoped<SuppressionList>();
        services.AddScoped<ConsentLog>();
        services.AddSingleton<ConsentStateCache>();
        services.AddSingleton<ConsentChanges>();
        services.AddScoped<Newsletter>();
        services.AddCheckedSettings<ConsentOptions>(ConsentOptions.Section);
        return services;
    }
}
