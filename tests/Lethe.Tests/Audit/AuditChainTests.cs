using Lethe.Audit;

namespace Lethe.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTime At = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    private static string Hash(
        long seq = 1, DateTime? at = null, string kind = "user", string? id = "u1", string? name = "a@b.dk", Guid? tenant = null,
        string action = "tenant.created", string? target = "tenant:x", string details = "{}", string? previous = null) =>
        AuditChain.ComputeHash(seq, at ?? At, kind, id, name, tenant, action, target, details, previous ?? AuditChain.Genesis);

    [Fact]
    public void The_same_content_always_hashes_the_same() => Hash().ShouldBe(Hash());

    [Fact]
    public void Every_field_is_covered_by_the_hash()
    {
        var original = Hash();
        string[] variants =
        [
            Hash(seq: 2), Hash(at: At.AddTicks(10)), Hash(kind: "api-key"), Hash(id: "u2"), Hash(id: null), Hash(name: "c@d.dk"),
            Hash(tenant: Guid.NewGuid()), Hash(action: "tenant.updated"), Hash(target: "tenant:y"), Hash(target: null),
            Hash(details: "{\"a\":\"1\"}"), Hash(previous: new string('1', 64)),
        ];
        variants.ShouldAllBe(v => v != original);
        variants.Distinct().Count().ShouldBe(variants.Length);
    }

    [Fact]
    public void A_separator_in_one_field_cannot_imitate_two_fields() =>
        Hash(id: "a", name: "b|c").ShouldNotBe(Hash(id: "a|b", name: "c"));

    [Fact]
    public void Times_are_kept_to_whole_microseconds_as_PostgreSQL_stores_them()
    {
        var precise = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1234567);
        var normalized = AuditChain.Normalize(precise);
        (normalized.Ticks % 10).ShouldBe(0);
        (precise - normalized).Ticks.ShouldBe(7);
        normalized.Kind.ShouldBe(DateTimeKind.Utc);
    }
}
