namespace Lethe.Storage;

/// <summary>Where Lethe keeps its own data.</summary>
public enum DatabaseProvider
{
    /// <summary>A file in the data directory: one machine, nothing to install. The default.</summary>
    Sqlite = 1,

    /// <summary>Production: several Lethe servers may share one database.</summary>
    Postgres = 2,
}
