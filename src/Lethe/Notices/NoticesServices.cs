using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Notices;

/// <summary>Registers the privacy notice.</summary>
public static class NoticesServices
{
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddScoped<NoticeCommands>();
        return services;
    }
}
