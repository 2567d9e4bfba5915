namespace Lethe.Tests.DataMap;

/// <summary>The sample manifests under samples/ and a small valid manifest to break in tests.</summary>
public static class ManifestFiles
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lethe.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from within the repository.");
    }

    public static IEnumerable<string> Samples() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "samples"))
            .Select(d => Path.Combine(d, "manifest.yaml")).Where(File.Exists).Order(StringComparer.Ordinal);

    /// <summary>A sample's data map, read.</summary>
    public static Lethe.DataMap.Manifest Sample(string name) =>
        Lethe.DataMap.ManifestReader.Read(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", name, "manifest.yaml")), name).Manifest
        ?? throw new InvalidOperationException($"samples/{name}/manifest.yaml does not read.");

    /// <summary>Valid; line numbers matter to <see cref="BrokenManifestTests"/>.</summary>
    public const string Minimal = """
        lethe: 1
        organization:
          name: Test ApS
          registrationNumber: "42497762"
          country: DK
          address: Vej 1, 8000 Aarhus C
          email: privacy@test.example
        subjectCategories:
          - key: customer
            name:
              en: Customers
        systems:
          - key: crm
            name: CRM
            datastores:
              - key: db
                kind: postgres
                connection: env:CRM_DB
                collections:
                  - name: customers
                    fields:
                      - name: id
                      - name: email
                        category: contact.email
                        identifies: email
                        erasure: hash
                      - name: created_at
        activities:
          - key: sales
            purpose:
              en: Selling to customers
            legalBasis: contract
            subjects: [customer]
            categories: [contact.email]
            systems: [crm]
            retention: customer_data
        retention:
          - key: customer_data
            maximum: P3Y
            anchor: crm.db.customers.created_at
            action: delete
            description:
              en: Three years after sign-up

        """;
}
