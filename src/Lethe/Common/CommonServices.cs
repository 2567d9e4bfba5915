using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Lethe.Common;

/// <summary>Registers what every feature shares: recent reads and the public address.</summary>
public static class CommonServices
{
    public static IServiceCollection AddCommon(this IServiceCollection services)
    {
        services.AddSingleton<RecentReads>();
        services.AddSingleton(sp => new PublicAddress(sp.GetService<IConfiguration>()));
        return services;
    }
}
