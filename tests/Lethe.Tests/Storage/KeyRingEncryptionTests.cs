using System.Security.Cryptography;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Storage;

public sealed class KeyRingEncryptionTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_key_ring_is_stored_encrypted_and_opens_again_after_a_restart(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var protectedText = Protector(db).Protect("ida@example.dk");

        await using (var scope = db.Scope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            stored.Count.ShouldBe(1, "the one key made for the first protection");
            stored.ShouldAllBe(xml => xml.Contains("letheKeyRingEncrypted") && !xml.Contains("masterKey"));
        }

        var keyFile = KeyRingKey.DefaultPath(db.Settings.DataDirectory);
        File.Exists(keyFile).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await db.RestartAsync();
        Protector(db).Unprotect(protectedText).ShouldBe("ida@example.dk");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_key_stored_in_plain_text_before_is_encrypted_in_place_and_still_opens_what_it_protected(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // What a Lethe before the ring was encrypted left behind: a key in plain text, and something protected with it.
        var folder = Directory.CreateTempSubdirectory("lethe-plain-ring-");
        string protectedText;
        await using (var plain = new ServiceCollection().AddDataProtection().SetApplicationName("Lethe").PersistKeysToFileSystem(folder)
                         .Services.BuildServiceProvider())
        {
            protectedText = plain.GetRequiredService<IDataProtectionProvider>().CreateProtector("Lethe.Tests.KeyRing").Protect("ida@example.dk");
        }

        var plainKey = await File.ReadAllTextAsync(folder.GetFiles("key-*.xml").Single().FullName);
        plainKey.ShouldContain("masterKey");
        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            context.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-before", Xml = plainKey });
            await context.SaveChangesAsync();
        }

        await db.RestartAsync();
        Protector(db).Unprotect(protectedText).ShouldBe("ida@example.dk");

        await using (var scope = db.Scope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().DataProtectionKeys.SingleAsync();
            stored.Xml.ShouldContain("letheKeyRingEncrypted");
            stored.Xml.ShouldNotContain("masterKey");
        }

        await db.RestartAsync();
        Protector(db).Unprotect(protectedText).ShouldBe("ida@example.dk", "the key encrypted in place opens it after another restart");
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_server_with_another_key_file_says_which_file_it_needs()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var protectedText = Protector(db).Protect("ida@example.dk");
        var keyFile = KeyRingKey.DefaultPath(db.Settings.DataDirectory);

        File.Delete(keyFile);
        await db.RestartAsync();
        var failure = Should.Throw<CryptographicException>(() => Protector(db).Unprotect(protectedText));

        Messages(failure).ShouldContain(m => m.Contains("same key file") && m.Contains(keyFile));
    }

    [Fact]
    public async Task A_key_file_that_is_not_a_key_is_named_in_the_error()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var keyFile = KeyRingKey.DefaultPath(db.Settings.DataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        await File.WriteAllTextAsync(keyFile, "not a key");

        var failure = Should.Throw<Exception>(() => Protector(db).Protect("ida@example.dk"));

        Messages(failure).ShouldContain(m => m.Contains(keyFile) && m.Contains("not a key Lethe made"));
    }

    private static IDataProtector Protector(TestDatabase db) =>
        db.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Lethe.Tests.KeyRing");

    private static List<string> Messages(Exception e)
    {
        var messages = new List<string>();
        for (Exception? at = e; at is not null; at = at.InnerException)
        {
            messages.Add(at.Message);
        }

        return messages;
    }
}
