using System.Security.Cryptography;
using System.Text;
using Lethe.Consent;

namespace Lethe.Tests.Consent;

public sealed class ConsentSubjectTests
{
    /// <summary>The oracle, apart from the code under test: the keyed hash the log has always stored.</summary>
    private static string Expected(string type, string value, byte[] key) =>
        $"{type}:{Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)))}";

    /// <summary>
    /// A batch's subjects are hashed with a keyed hasher, a single lookup with the one-shot HMAC: both must store what
    /// the log has always held, or a person's earlier consent could no longer be found.
    /// </summary>
    [Fact]
    public void A_batch_hasher_and_a_single_lookup_give_the_stored_key_for_every_value()
    {
        var random = new Random(20261203);
        var key = RandomNumberGenerator.GetBytes(32);
        using var hasher = new SubjectHasher(key);
        for (var i = 0; i < 2_000; i++)
        {
            // From empty to past the hasher's stack buffer (512 bytes in UTF-8), with letters of two bytes.
            var value = new string(Enumerable.Range(0, random.Next(0, 700)).Select(_ => "abcæøå-_@.1"[random.Next(11)]).ToArray());
            var type = random.Next(2) == 0 ? ConsentSubject.Person : ConsentSubject.Browser;

            hasher.Key(type, value).ShouldBe(Expected(type, value, key), $"value of {value.Length} characters");
            ConsentSubject.Key(type, value, key).ShouldBe(Expected(type, value, key));
        }
    }

    [Fact]
    public void Hashers_of_different_keys_used_in_turn_keep_to_their_own_key()
    {
        var keys = Enumerable.Range(0, 3).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        var hashers = keys.Select(k => new SubjectHasher(k)).ToArray();
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var value = $"browser-{i:D8}-id";
                hashers[i % 3].Key(ConsentSubject.Browser, value).ShouldBe(Expected(ConsentSubject.Browser, value, keys[i % 3]));
            }
        }
        finally
        {
            foreach (var hasher in hashers)
            {
                hasher.Dispose();
            }
        }
    }
}
