using System.Data.Common;
using System.Diagnostics;

namespace Lethe.Telemetry;

/// <summary>What one committed retention batch tells operators: its rows on the counter and on its span.</summary>
public static class RetentionTelemetry
{
    public static Activity? StartBatch() => LetheTelemetry.Source.StartActivity(LetheTelemetry.RetentionBatchActivity);

    public static void Committed(Activity? batch, bool deletesRows, DbConnection connection, int rows)
    {
        var tags = new TagList
        {
            { LetheTelemetry.Tags.RetentionAction, deletesRows ? "delete" : "anonymise" },
            { LetheTelemetry.Tags.DatastoreKind, connection is Npgsql.NpgsqlConnection ? "postgres" : "sqlite" },
        };
        LetheTelemetry.RetentionRows.Add(rows, tags);
        foreach (var tag in tags)
        {
            batch?.SetTag(tag.Key, tag.Value);
        }

        batch?.SetTag(LetheTelemetry.Tags.Rows, rows);
    }
}
