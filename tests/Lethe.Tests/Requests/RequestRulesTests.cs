using System.Security.Cryptography;
using Lethe.Common;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Requests.Answers;

namespace Lethe.Tests.Requests;

public sealed class RequestRulesTests
{
    [Theory]
    [InlineData("received", "awaiting_verification", true)]
    [InlineData("received", "verified", true)]
    [InlineData("received", "in_progress", false)]
    [InlineData("awaiting_verification", "verified", true)]
    [InlineData("awaiting_verification", "in_progress", false)]
    [InlineData("verified", "in_progress", true)]
    [InlineData("verified", "rejected", true)]
    [InlineData("verified", "withdrawn", true)]
    [InlineData("in_progress", "awaiting_external", true)]
    [InlineData("awaiting_external", "in_progress", true)]
    [InlineData("in_progress", "completed", true)]
    [InlineData("in_progress", "rejected", false)]
    [InlineData("in_progress", "withdrawn", false)]
    [InlineData("completed", "in_progress", false)]
    [InlineData("rejected", "verified", false)]
    [InlineData("withdrawn", "received", false)]
    public void A_request_moves_only_along_its_lifecycle(string from, string to, bool allowed) =>
        RequestStatus.CanMove(WireNames.Parse<RequestStatus>(from), WireNames.Parse<RequestStatus>(to)).ShouldBe(allowed);

    [Fact]
    public void Every_status_is_open_or_closed_and_every_refusal_is_a_sentence()
    {
        RequestStatus.All.Where(s => !RequestStatus.IsOpen(s)).ShouldBe([RequestStatus.Completed, RequestStatus.Rejected, RequestStatus.Withdrawn]);
        foreach (var from in RequestStatus.All)
        {
            foreach (var to in RequestStatus.All.Where(to => !RequestStatus.CanMove(from, to)))
            {
                RequestStatus.Refusal(from, to).ShouldEndWith(".");
                RequestStatus.Refusal(from, to).ShouldNotContain("_");
            }
        }
    }

    [Fact]
    public void Tokens_carry_160_random_bits_and_only_their_hash_is_compared_whatever_the_person_typed()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => RequestToken.New()).ToList();

        tokens.Select(t => t.Token).Distinct().Count().ShouldBe(200);
        tokens.ShouldAllBe(t => t.Token.Length == 32 && t.Hash.Length == 64 && !t.Hash.Contains(t.Token, StringComparison.OrdinalIgnoreCase));
        var (token, hash) = tokens[0];
        RequestToken.HashOf(RequestToken.Grouped(token).ToLowerInvariant()).ShouldBe(hash);
        RequestToken.HashOf($" {token} ").ShouldBe(hash);
        var tampered = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        RequestToken.HashOf(tampered).ShouldNotBe(hash);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(PackageCipher.ChunkSize)]
    [InlineData(PackageCipher.ChunkSize + 1)]
    [InlineData(3 * PackageCipher.ChunkSize - 5)]
    public async Task A_package_decrypts_to_exactly_what_was_encrypted(int size)
    {
        var plain = RandomNumberGenerator.GetBytes(size);
        var key = PackageCipher.NewKey();
        using var cipher = new MemoryStream();
        await PackageCipher.EncryptAsync(new MemoryStream(plain), cipher, key, default);
        // One 16-byte tag per chunk, and an empty package is one empty chunk.
        cipher.Length.ShouldBe(size + 16 * Math.Max(1, (size + PackageCipher.ChunkSize - 1) / PackageCipher.ChunkSize));

        using var back = new MemoryStream();
        await PackageCipher.DecryptAsync(new MemoryStream(cipher.ToArray()), back, key, default);
        back.ToArray().ShouldBe(plain);
    }

    [Fact]
    public async Task A_package_changed_cut_short_or_opened_with_another_key_is_refused()
    {
        var plain = RandomNumberGenerator.GetBytes(2 * PackageCipher.ChunkSize + 100);
        var key = PackageCipher.NewKey();
        using var cipher = new MemoryStream();
        await PackageCipher.EncryptAsync(new MemoryStream(plain), cipher, key, default);
        var bytes = cipher.ToArray();

        var flipped = bytes.ToArray();
        flipped[PackageCipher.ChunkSize + 20] ^= 1;
        var cut = bytes[..(PackageCipher.ChunkSize + 16)];
        var swapped = bytes[(PackageCipher.ChunkSize + 16)..(2 * (PackageCipher.ChunkSize + 16))].Concat(bytes[..(PackageCipher.ChunkSize + 16)]).Concat(bytes[(2 * (PackageCipher.ChunkSize + 16))..]).ToArray();
        foreach (var (what, data, withKey) in new[] { ("flipped", flipped, key), ("cut", cut, key), ("swapped", swapped, key), ("other key", bytes, PackageCipher.NewKey()) })
        {
            await Should.ThrowAsync<AuthenticationTagMismatchException>(() => PackageCipher.DecryptAsync(new MemoryStream(data), new MemoryStream(), withKey, default), what);
        }
    }

    [Fact]
    public void Every_message_renders_in_every_language_with_no_placeholder_left()
    {
        var values = new Dictionary<string, string>
        {
            ["org"] = "Flex4Business ApS", ["type"] = "indsigt", ["link"] = "https://x/p/a/verify/T", ["verify_page"] = "https://x/p/a/verify", ["code"] = "ABCD-EFGH",
            ["expires"] = "1. december 2026 10:00", ["due"] = "24. december 2026", ["status_link"] = "https://x/p/a/status/S", ["reason"] = "Mange systemer",
            ["authority"] = "Datatilsynet", ["id"] = "42", ["console_link"] = "https://x/t/a/requests/42", ["until"] = "2026-12-03 09:15 UTC",
            ["description"] = "En bærbar blev stjålet", ["consequences"] = "Phishing", ["measures"] = "Adgangen er spærret", ["contact"] = "dpo@x.dk",
            ["hours"] = "24", ["deadline"] = "1. april 2026 kl. 23.30 (dansk tid)",
        };
        foreach (var template in MessageTemplates.Names)
        {
            foreach (var language in RequestLanguage.All)
            {
                var (subject, body) = MessageTemplates.Render(template, language, values);
                subject.ShouldNotContain("{");
                body.ShouldNotContain("{");
                body.ShouldNotBeNullOrWhiteSpace();
            }
        }

        MessageTemplates.Names.ShouldBe(["verification", "received", "extended", "completed", "rejected", "reminder", "newsletter_confirm", "preferences_link", "sign_in_paused", "breach_letter", "breach_reminder"], ignoreOrder: true);
        Should.Throw<KeyNotFoundException>(() => MessageTemplates.Render("verification", "da", new Dictionary<string, string> { ["org"] = "X" }));
        MessageTemplates.Render("rejected", "nb", values).Body.ShouldContain("Datatilsynet");
        MessageTemplates.TypeName("erasure", "da").ShouldBe("sletning");
    }
}

public sealed class ReminderScheduleTests
{
    [Theory]
    [InlineData("2026-12-24", "2026-12-01", 0)]
    [InlineData("2026-12-24", "2026-12-16", 0)]
    [InlineData("2026-12-24", "2026-12-17", 1)]
    [InlineData("2026-12-24", "2026-12-21", 1)]
    [InlineData("2026-12-24", "2026-12-22", 2)]
    [InlineData("2026-12-24", "2026-12-24", 3)]
    [InlineData("2026-12-24", "2026-12-25", 4)]
    [InlineData("2026-12-24", "2027-03-01", 4)]
    [InlineData("2026-03-01", "2026-02-22", 1)]
    public void The_assignee_is_reminded_a_week_before_two_days_before_on_the_day_and_once_after(string due, string today, int stage) =>
        ReminderSchedule.StageOn(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(stage);
}
