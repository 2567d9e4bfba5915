using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lethe.Scanning;

/// <summary>Registers scanning: the detectors, scans and their worker, and masking what they find.</summary>
public static class ScanningServices
{
    public static IServiceCollection AddScanning(this IServiceCollection services)
    {
        services.TryAddSingleton(Detectors.Default);
        services.AddScoped<ScanRunner>();
        services.AddScoped<ScanQueries>();
        services.AddScoped<ScanMasking>();
        services.AddSingleton<ScanWorker>();
        return services;
    }
}
