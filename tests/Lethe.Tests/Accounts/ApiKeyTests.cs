using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Accounts;

public sealed class ApiKeyTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_secret_is_never_stored_only_its_hash(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        var issued = await db.IssueKeyAsync(tenant, "audit:read");

        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var stored = await context.ApiKeys.IgnoreQueryFilters().SingleAsync();
        stored.SecretHash.ShouldBe(TokenHash.Of(issued.Secret));
        stored.SecretHash.ShouldNotContain(issued.Secret[ApiKeySecret.Prefix.Length..]);
        issued.Secret.Length.ShouldBeGreaterThanOrEqualTo(ApiKeySecret.Prefix.Length + 43, "256 bits in base64url");
        var audit = await context.AuditEntries.IgnoreQueryFilters().Select(e => e.Details + e.Target).ToListAsync();
        var tail = issued.Secret[^20..];
        audit.ShouldAllBe(text => !text.Contains(tail));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_key_works_until_it_is_revoked_or_expires(DatabaseProvider provider)
    {
        var clock = Clock();
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var tenant = await db.CreateTenantAsync();
        var revoked = await db.IssueKeyAsync(tenant, "tenant:read");
        var expiring = await db.IssueKeyAsync(tenant, "tenant:read");

        Task<ApiKey?> Authenticate(string secret) => AuthenticateAsync(db, secret);

        (await Authenticate(revoked.Secret)).ShouldNotBeNull();
        await using (var scope = db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == revoked.Key.Id))
                .LastUsedAt.ShouldBe(clock.GetUtcNow().UtcDateTime);
        }

        await using (var scope = db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<ApiKeyCommands>()
                .RevokeAsync(tenant, AuditActor.System, revoked.Key.Id, CancellationToken.None)).Succeeded.ShouldBeTrue();
        }

        (await Authenticate(revoked.Secret)).ShouldBeNull();
        (await Authenticate(expiring.Secret)).ShouldNotBeNull();
        clock.Advance(TimeSpan.FromDays(366));
        (await Authenticate(expiring.Secret)).ShouldBeNull();
        (await Authenticate(expiring.Secret[..^1] + (expiring.Secret[^1] == 'A' ? 'B' : 'A'))).ShouldBeNull();
        (await Authenticate("lethe_")).ShouldBeNull();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_key_revoked_through_another_server_stops_working_once_half_its_time_in_memory_is_over(DatabaseProvider provider)
    {
        var clock = Clock();
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var tenant = await db.CreateTenantAsync();
        var issued = await db.IssueKeyAsync(tenant, "tenant:read");

        Task<ApiKey?> Authenticate() => AuthenticateAsync(db, issued.Secret);

        (await Authenticate()).ShouldNotBeNull();
        await using (var scope = db.Scope())
        {
            // Not through this server's commands, which would forget the key here at once.
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ApiKeys.IgnoreQueryFilters().Where(k => k.Id == issued.Key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, clock.GetUtcNow().UtcDateTime))).ShouldBe(1);
        }

        clock.Advance(ApiKeyCache.Lifetime / 2 - TimeSpan.FromSeconds(1));
        (await Authenticate()).ShouldNotBeNull("kept in memory, as the lifetime allows");
        clock.Advance(TimeSpan.FromSeconds(1));
        (await Authenticate()).ShouldBeNull("half-way through, the next caller reads the key again");
        (await Authenticate()).ShouldBeNull("and it is refused from then on");
    }

    [Theory]
    [InlineData(null, new[] { "tenant:read" }, null, "name")]
    [InlineData("k", new string[0], null, "scopes")]
    [InlineData("k", new[] { "tenant:delete" }, null, "scopes")]
    [InlineData("k", new[] { "tenant:read" }, 0, "lifetimeDays")]
    [InlineData("k", new[] { "tenant:read" }, 731, "lifetimeDays")]
    public async Task Invalid_key_requests_name_the_field(string? name, string[] scopes, int? days, string field)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var tenant = await db.CreateTenantAsync();
        await using var scope = db.Scope();

        var outcome = await scope.ServiceProvider.GetRequiredService<ApiKeyCommands>()
            .IssueAsync(tenant, AuditActor.System, name, scopes, days, CancellationToken.None);

        outcome.Failure.ShouldBeOfType<Lethe.Common.InvalidInput>().Errors.Keys.ShouldBe([field]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_secret_kept_to_be_shown_once_is_shown_once_to_its_maker_within_ten_minutes_and_then_dropped(DatabaseProvider provider)
    {
        var clock = Clock();
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var tenant = await db.CreateTenantAsync();
        var maker = AuditActor.User("u1", "dpo@example.dk");

        async Task<T> WithKeys<T>(Func<ApiKeyCommands, Task<T>> use)
        {
            await using var scope = db.Scope();
            return await use(scope.ServiceProvider.GetRequiredService<ApiKeyCommands>());
        }

        async Task<string?> KeptAsync(Guid id)
        {
            await using var scope = db.Scope();
            return (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == id)).ShownOnce;
        }

        var shown = (await WithKeys(k => k.IssueToShowOnceAsync(tenant, maker, "Webshop", ["requests:write"], 30, default))).Value!;
        var late = (await WithKeys(k => k.IssueToShowOnceAsync(tenant, maker, "CRM", ["requests:read"], 30, default))).Value!;
        var revoked = (await WithKeys(k => k.IssueToShowOnceAsync(tenant, maker, "Old", ["requests:read"], 30, default))).Value!;
        (await KeptAsync(shown.Key.Id)).ShouldNotBeNull();

        // Someone else, even with the same rights, is not shown it, and it stays for its maker.
        (await WithKeys(k => k.ShowOnceAsync(tenant, AuditActor.User("u2", "other@example.dk"), shown.Key.Id, default))).Failure.ShouldBeOfType<Conflict>();
        (await WithKeys(k => k.ShowOnceAsync(tenant, maker, shown.Key.Id, default))).Value!.Secret.ShouldBe(shown.Secret);
        (await WithKeys(k => k.ShowOnceAsync(tenant, maker, shown.Key.Id, default))).Failure.ShouldBeOfType<Conflict>("once only");
        (await KeptAsync(shown.Key.Id)).ShouldBeNull();

        // A revoked key's secret is dropped with it.
        (await WithKeys(k => k.RevokeAsync(tenant, maker, revoked.Key.Id, default))).Succeeded.ShouldBeTrue();
        (await KeptAsync(revoked.Key.Id)).ShouldBeNull();

        // Ten minutes on, a secret nobody came to see is not shown, and the worker's round drops it in every tenant.
        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        (await WithKeys(k => k.ShowOnceAsync(tenant, maker, late.Key.Id, default))).Failure.ShouldBeOfType<Conflict>();
        (await KeptAsync(late.Key.Id)).ShouldNotBeNull();
        (await WithKeys(k => k.DropUnshownAsync(default))).ShouldBe(1);
        (await KeptAsync(late.Key.Id)).ShouldBeNull();
    }

    private static FakeTimeProvider Clock() =>
        new(DateTimeOffset.Parse("2026-11-21T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<ApiKey?> AuthenticateAsync(TestDatabase db, string secret)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<ApiKeyCommands>().AuthenticateAsync(secret, CancellationToken.None);
    }
}
