namespace Lethe.Audit;

/// <summary>Who did something: a person, an API key, the CLI operator or Lethe itself.</summary>
public sealed record AuditActor(string Kind, string? Id, string? Name)
{
    public static AuditActor System { get; } = new("system", null, "lethe");

    public static AuditActor User(string id, string? email) => new("user", id, email);

    public static AuditActor ApiKey(Guid id, string name) => new("api-key", id.ToString(), name);

    public static AuditActor Cli() => new("cli", null, Environment.UserName);

    /// <summary>Someone not (yet) signed in, e.g. a failed sign-in.</summary>
    public static AuditActor Anonymous { get; } = new("anonymous", null, null);
}
