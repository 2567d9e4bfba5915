using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Storage;

/// <summary>
/// Stores the data protection key ring in Lethe's database. The package that does this for EF Core is not available
/// here, and the framework's extension point is this one small interface. Keys stored in plain text (before the ring
/// was encrypted, <see cref="KeyRingEncryptor"/>) are encrypted in place the first time the ring is read.
/// </summary>
internal sealed class DatabaseXmlRepository(IServiceScopeFactory scopes, IXmlEncryptor encryptor, ILogger logger) : IXmlRepository
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var rows = db.DataProtectionKeys.ToList();
        var elements = new List<XElement>(rows.Count);
        var encrypted = 0;
        foreach (var row in rows)
        {
            var element = XElement.Parse(row.Xml);
            if (EncryptPlainSecrets(element))
            {
                row.Xml = element.ToString(SaveOptions.DisableFormatting);
                encrypted++;
            }

            elements.Add(element);
        }

        if (encrypted > 0)
        {
            db.SaveChanges();
            logger.LogInformation("Encrypted {Count} data-protection keys that were stored in plain text.", encrypted);
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }

    /// <summary>
    /// Replaces each secret the framework marked <c>requiresEncryption</c> with its encrypted form, in the framework's
    /// own <c>encryptedSecret</c> shape, so the key ring reads it as if it had been encrypted when it was made.
    /// </summary>
    private bool EncryptPlainSecrets(XElement key)
    {
        var plain = key.Descendants().Where(e => (bool?)e.Attribute(DataProtection + "requiresEncryption") == true).ToList();
        foreach (var secret in plain)
        {
            var info = encryptor.Encrypt(secret);
            secret.ReplaceWith(new XElement(DataProtection + "encryptedSecret",
                new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
        }

        return plain.Count > 0;
    }
}
