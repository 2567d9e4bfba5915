using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// PostgreSQL: every statement that changes or deletes consent events notifies <c>lethe_consent</c> of the subjects it
/// touched (<c>{tenant} {subject} …</c>, at most 90 to a notification; a statement touching more than 1,000 of a
/// tenant's subjects says <c>{tenant} *</c>), and a truncate says <c>*</c>. Each server's
/// <c>Consent.ConsentStateCache</c> forgets those subjects when the transaction commits. Triggers, not the code that
/// writes, so that no path — erasure, retention, a tenant deleted, an operator's own SQL — can leave a server answering
/// from what it read before. Inserts are the log's hot path: the consent log notifies of its own batches itself (the
/// subjects it wrote) and says so in the transaction (<c>lethe.consent_notified</c>), because a transition table of
/// every inserted row cost a tenth of the recording's speed (docs/benchmarks.md); any other insert says <c>*</c>. SQLite
/// has one process and no such cache.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261220000000_ConsentChangeNotices")]
public sealed class ConsentChangeNotices : Migration
{
    /// <summary>
    /// The notifications for the subjects of <paramref name="rows"/> (a transition table or a union of both). 90 is
    /// <c>ConsentChanges.SubjectsPerNotification</c> (the consent log's own inserts are chunked alike), as of this migration.
    /// </summary>
    private static string NotifyFor(string rows) => $"""
        PERFORM pg_notify('lethe_consent', n.payload) FROM (
            SELECT c.t::text || CASE WHEN c.total > 1000 THEN ' *' ELSE ' ' || string_agg(c.s, ' ') END AS payload
            FROM (SELECT d.t, d.s, (row_number() OVER w - 1) / 90 AS chunk, count(*) OVER w AS total
                  FROM (SELECT DISTINCT r."TenantId" AS t, r."Subject" AS s FROM {rows} AS r) AS d
                  WINDOW w AS (PARTITION BY d.t)) AS c
            GROUP BY c.t, c.total, CASE WHEN c.total > 1000 THEN 0 ELSE c.chunk END) AS n;
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsNpgsql())
        {
            return;
        }

        migrationBuilder.Sql($$"""
            CREATE FUNCTION lethe_consent_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    PERFORM pg_notify('lethe_consent', '*');
                ELSIF TG_OP = 'INSERT' THEN
                    IF current_setting('lethe.consent_notified', true) IS DISTINCT FROM 'on' THEN
                        PERFORM pg_notify('lethe_consent', '*');
                    END IF;
                ELSIF TG_OP = 'DELETE' THEN
                    {{NotifyFor("old_rows")}}
                ELSE
                    {{NotifyFor("""(SELECT "TenantId", "Subject" FROM old_rows UNION SELECT "TenantId", "Subject" FROM new_rows)""")}}
                END IF;
                RETURN NULL;
            END
            $fn$;
            CREATE TRIGGER consent_events_inserted AFTER INSERT ON consent_events
                FOR EACH STATEMENT EXECUTE FUNCTION lethe_consent_changed();
            CREATE TRIGGER consent_events_updated AFTER UPDATE ON consent_events
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lethe_consent_changed();
            CREATE TRIGGER consent_events_deleted AFTER DELETE ON consent_events
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lethe_consent_changed();
            CREATE TRIGGER consent_events_truncated AFTER TRUNCATE ON consent_events
                FOR EACH STATEMENT EXECUTE FUNCTION lethe_consent_changed();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsNpgsql())
        {
            return;
        }

        migrationBuilder.Sql("""
            DROP TRIGGER consent_events_inserted ON consent_events;
            DROP TRIGGER consent_events_updated ON consent_events;
            DROP TRIGGER consent_events_deleted ON consent_events;
            DROP TRIGGER consent_events_truncated ON consent_events;
            DROP FUNCTION lethe_consent_changed();
            """);
    }
}
