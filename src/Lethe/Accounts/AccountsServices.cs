using Lethe.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Accounts;

/// <summary>Registers people (ASP.NET Core Identity's stores), their sign-in locks and API keys.</summary>
public static class AccountsServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<LetheUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                // Identity locks an account for everyone, so anyone who knows an address could keep its owner out;
                // SignInLocks pauses one address of one account instead (SignInLockout).
                options.Lockout.AllowedForNewUsers = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version1;
            })
            .AddEntityFrameworkStores<LetheDbContext>()
            .AddDefaultTokenProviders();

        services.AddScoped<UserCommands>();
        services.AddScoped<UserRoster>();
        services.AddScoped<SignInLocks>();
        services.AddSingleton<DecoyPassword>();
        services.AddScoped<ApiKeyCommands>();
        services.AddSingleton<ApiKeyCache>();
        return services;
    }
}
