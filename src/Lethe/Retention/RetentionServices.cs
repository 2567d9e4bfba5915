using Lethe.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Retention;

/// <summary>Registers retention: holds, runs and the worker that starts them.</summary>
public static class RetentionServices
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddCheckedSettings<RetentionOptions>(RetentionOptions.Section);
        services.AddScoped<RetentionCommands>();
        services.AddScoped<RetentionRunner>();
        services.AddSingleton<RetentionWorker>();
        return services;
    }
}
