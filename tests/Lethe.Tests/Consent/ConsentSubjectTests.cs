using System.Security.Cryptography;
using System.Text;
using Lethe.Consent;

namespace Lethe.Tests.Consent;

public sealed class ConsentSubjectTests
{
    /// <summary>
    /// The stored subject is the keyed hash written as the log has always held it: a change in how it is computed (the
    /// HMAC kept per thread) must not change one stored key, or a person's earlier consent could no longer be found.
    /// The oracle is the one-shot HMAC, computed here apart from the code under test.
    /// </summary>
    [Fact]
    public void A_subject_key_is_the_HMAC_of_the_normalised_value_whatever_key_came_before()
    {
        var random = new Random(20261203);
        var keys = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        for (var i = 0; i < 2_000; i++)
        {
            // Keys change from call to call, and values run from empty to past the stack buffer (512 bytes in UTF-8).
            var key = keys[random.Next(keys.Length)];
            var value = new string(Enumerable.Range(0, random.Next(0, 700)).Select(_ => "abcæøå-_@.1"[random.Next(11)]).ToArray());
            var type = random.Next(2) == 0 ? ConsentSubject.Person : ConsentSubject.Browser;

            var expected = $"{type}:{Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)))}";

            ConsentSubject.Key(type, value, key).ShouldBe(expected, $"value of {value.Length} characters");
        }
    }

    [Fact]
    public async Task Subject_keys_made_on_many_threads_at_once_are_each_their_own_HMAC()
    {
        var keys = Enumerable.Range(0, 3).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        var wrong = 0;
        await Parallel.ForAsync(0, 20_000, (i, _) =>
        {
            var key = keys[i % keys.Length];
            var value = $"browser-{i:D8}-id";
            var expected = $"browser:{Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)))}";
            if (ConsentSubject.Key(ConsentSubject.Browser, value, key) != expected)
            {
                Interlocked.Increment(ref wrong);
            }

            return ValueTask.CompletedTask;
        });

        wrong.ShouldBe(0);
    }

    [Fact]
    public void A_key_changed_in_place_after_use_is_not_mistaken_for_the_old_one()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var first = ConsentSubject.Key(ConsentSubject.Person, "ida@example.dk", key);
        key[0] ^= 0xff;

        ConsentSubject.Key(ConsentSubject.Person, "ida@example.dk", key).ShouldNotBe(first);
        ConsentSubject.Key(ConsentSubject.Person, "ida@example.dk", key)
            .ShouldBe($"person:{Convert.ToHexStringLower(HMACSHA256.HashData(key, "ida@example.dk"u8))}");
    }
}
