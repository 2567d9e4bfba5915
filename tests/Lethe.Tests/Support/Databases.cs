using Lethe.Storage;

namespace Lethe.Tests.Support;

/// <summary>Theory data: every test that touches storage runs once per database provider.</summary>
public sealed class Databases : TheoryData<DatabaseProvider>
{
    public Databases()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
    }
}
