using Lethe.Tenancy;
using Lethe.Tests.Support;

namespace Lethe.Web.Tests.Support;

/// <summary>A shared server for tests that do not change what others see: one tenant and a signed-in platform admin.</summary>
public sealed class BasicServer : IAsyncLifetime
{
    public const string TenantSlug = "tenant-a";

    public LetheServer Server { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public Tenant Tenant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LetheServer.StartAsync();
        Tenant = await Server.Database.CreateTenantAsync(TenantSlug);
        await Server.AddPersonAsync("root@lethe.test", Role.PlatformAdmin);
        Admin = await Server.SignInAsync("root@lethe.test");
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
    }
}
