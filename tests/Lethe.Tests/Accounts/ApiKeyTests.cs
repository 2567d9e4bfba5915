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
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-21T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var tenant = await db.CreateTenantAsync();
        var revoked = await db.IssueKeyAsync(tenant, "tenant:read");
        var expiring = await db.IssueKeyAsync(tenant, "tenant:read");

        async Task<ApiKey?> Authenticate(string secret)
        {
            await using var scope = db.Scope();
            return await scope.ServiceProvider.GetRequiredService<ApiKeyCommands>().AuthenticateAsync(secret, CancellationToken.None);
        }

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
}
