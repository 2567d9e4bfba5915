using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Common;

/// <summary>Options bound from a configuration section when there is configuration; the defaults otherwise.</summary>
public static class SettingsRegistration
{
    /// <summary>Bound like <see cref="AddSettings{T}"/>, and checked when Lethe starts: a wrong value stops it with a sentence.</summary>
    public static OptionsBuilder<T> AddCheckedSettings<T>(this IServiceCollection services, string section)
        where T : class, IOptionsProblems
    {
        services.AddSingleton<IValidateOptions<T>, OptionsProblemsValidation<T>>();
        return services.AddSettings<T>(section).ValidateOnStart();
    }

    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().Configure<IServiceProvider>((o, sp) =>
        {
            if (sp.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(section).Bind(o);
            }
        });
}
