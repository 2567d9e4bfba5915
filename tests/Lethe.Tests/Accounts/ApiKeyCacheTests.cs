using Lethe.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Accounts;

/// <summary>What the cache of recently authenticated keys keeps, and what a revocation on this server takes back at once.</summary>
public sealed class ApiKeyCacheTests
{
    private static ApiKey Key(string hash, DateTime? revokedAt = null) =>
        new() { Name = "shop", Scopes = "tenant:read", SecretHash = hash, Hint = "abcd", RevokedAt = revokedAt };

    [Fact]
    public void A_lookup_that_began_before_a_key_was_forgotten_does_not_put_it_back()
    {
        var clock = new FakeTimeProvider();
        using var cache = new ApiKeyCache(clock);

        var lookup = cache.Begin();
        cache.Forget("h1");
        var entry = cache.Keep(Key("h1"), lookup);

        entry.Key.SecretHash.ShouldBe("h1", "the caller that looked it up still gets what it read");
        cache.Find("h1").ShouldBeNull("revoked meanwhile: the read from before is not kept");

        cache.Keep(Key("h1", revokedAt: DateTime.UnixEpoch), cache.Begin());
        cache.Find("h1").ShouldNotBeNull().Key.RevokedAt.ShouldBe(DateTime.UnixEpoch, "a lookup after the change is kept");
    }

    [Fact]
    public void A_read_is_as_old_as_its_lookup_and_an_older_one_does_not_replace_a_newer()
    {
        var clock = new FakeTimeProvider();
        using var cache = new ApiKeyCache(clock);

        var slow = cache.Begin();
        clock.Advance(TimeSpan.FromSeconds(5));
        var quick = cache.Begin();
        clock.Advance(TimeSpan.FromSeconds(2));
        cache.Keep(Key("h1", revokedAt: DateTime.UnixEpoch), quick);
        cache.Keep(Key("h1"), slow);
        cache.Find("h1").ShouldNotBeNull().Key.RevokedAt.ShouldNotBeNull("the newer read stays");

        clock.Advance(ApiKeyCache.Lifetime - TimeSpan.FromSeconds(2));
        cache.Find("h1").ShouldNotBeNull("exactly its lifetime since the lookup began (2 s before it was kept)");
        clock.Advance(TimeSpan.FromTicks(1));
        cache.Find("h1").ShouldBeNull("older than its lifetime, counted from when its lookup began");
    }

    [Fact]
    public void Half_way_through_one_caller_reads_the_key_again()
    {
        var clock = new FakeTimeProvider();
        using var cache = new ApiKeyCache(clock);
        var entry = cache.Keep(Key("h1"), cache.Begin());

        clock.Advance(ApiKeyCache.Lifetime / 2 - TimeSpan.FromTicks(1));
        entry.ClaimRefresh().ShouldBeFalse("not yet half-way");
        clock.Advance(TimeSpan.FromTicks(1));
        entry.ClaimRefresh().ShouldBeTrue();
        entry.ClaimRefresh().ShouldBeFalse("one caller reads again; the others go on with the kept key");
        entry.ReleaseRefresh();
        entry.ClaimRefresh().ShouldBeTrue("a read that failed lets the next caller try");
    }
}
