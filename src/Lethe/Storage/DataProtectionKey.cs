namespace Lethe.Storage;

/// <summary>
/// An ASP.NET Core data protection key ring entry, kept in Lethe's database so that every server sharing the
/// database can read the cookies and tokens the others issued.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; init; }

    public required string FriendlyName { get; init; }

    public required string Xml { get; set; }
}
