using Lethe.Localization;

namespace Lethe.Connectors;

/// <summary>
/// What Lethe says when a customer's datastore is not as the data map says (or is gone from it), in English, made from
/// the catalogue's <c>error.datastore.*</c> texts: the English is what steps, runs and the API store and show, and a
/// console page finds the text back from it and says it in the reader's language.
/// </summary>
public static class DatastoreMessages
{
    public static string NoDataMap() => Texts.Get("error.datastore.no_data_map", "en");

    public static string NotInDataMap(string datastore) =>
        Fill(Texts.Get("error.datastore.not_in_data_map", "en"), ("datastore", datastore));

    public static string RuleGone(string rule, string collection) =>
        Fill(Texts.Get("error.datastore.rule_gone", "en"), ("rule", rule), ("collection", collection));

    public static string SecretUnreadable(string name) =>
        Fill(Texts.Get("error.datastore.secret_unreadable", "en"), ("name", name));

    public static string NoFile(string datastore, string? reference) =>
        Fill(Texts.Get("error.datastore.no_file", "en"), ("datastore", datastore), ("reference", reference ?? ""));

    /// <summary>A datastore whose connection or files directory names nothing Lethe may use; <paramref name="problem"/> says why.</summary>
    public static string Unresolved(string datastore, string what, string? problem) => what switch
    {
        "connection" => Fill(Texts.Get("error.datastore.unresolved_connection", "en"), ("datastore", datastore), ("problem", problem ?? "")),
        "files directory" => Fill(Texts.Get("error.datastore.unresolved_files", "en"), ("datastore", datastore), ("problem", problem ?? "")),
        _ => $"{datastore}: no {what}: {problem}",
    };

    /// <param name="problem">What does not match: <see cref="TableMissing"/> and <see cref="ColumnMissing"/>, joined by "; ".</param>
    public static string NotMatching(string datastore, string problem) =>
        Fill(Texts.Get("error.datastore.not_matching", "en"), ("datastore", datastore), ("problem", problem));

    public static string TableMissing(string table) => Fill(Texts.Get("error.datastore.table_missing", "en"), ("table", table));

    public static string ColumnMissing(string column) => Fill(Texts.Get("error.datastore.column_missing", "en"), ("column", column));

    public static string WebhookUrl(string datastore, string? reference) =>
        Fill(Texts.Get("error.datastore.webhook_url", "en"), ("datastore", datastore), ("reference", reference ?? ""));

    public static string NoPublicUrl(string datastore) => Fill(Texts.Get("error.datastore.no_public_url", "en"), ("datastore", datastore));

    public static string TableGone(string table, string datastore) =>
        Fill(Texts.Get("error.datastore.table_gone", "en"), ("table", table), ("datastore", datastore));

    public static string NoColumn(string path, string column) => Fill(Texts.Get("error.datastore.no_column", "en"), ("path", path), ("column", column));

    public static string NotADate(string path) => Fill(Texts.Get("error.datastore.not_a_date", "en"), ("path", path));

    /// <summary>A failure that is no datastore's but a bug in Lethe: named by its type, the details in the server's log only.</summary>
    public static string Unexpected(Exception error) => Fill(Texts.Get("error.work.unexpected", "en"), ("type", error.GetType().Name));

    private static string Fill(string text, params (string Name, string Value)[] values) =>
        Texts.Fill(text, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
}
