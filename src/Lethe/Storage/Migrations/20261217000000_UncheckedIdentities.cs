using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// Privacy-centre requests filed before identities could be marked unchecked (<c>Lethe.Execution.Identity.Unverified</c>)
/// and not yet approved: the name or phone number typed beside the address is marked unchecked, as a request filed now
/// is, so approving one of them does not search by a stranger's number. Only requests whose address the link confirmed
/// (or that wait for it) are touched: one an agent verified by hand had every identity checked. Approved requests are
/// left as they were; their plan was made and shown to the agent with every identity.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261217000000_UncheckedIdentities")]
public sealed class UncheckedIdentities : Migration
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    // "e-mail link" is what the link's confirmation recorded before codes could be typed in too. A request whose
    // evidence says more than the link's own sentence had its other identities checked by an agent since (the check
    // is added to that evidence): it keeps them checked.
    private const string NotYetApprovedFromTheCentre = """
        "Channel" = 'privacy_centre'
        AND ("Status" IN ('received', 'awaiting_verification')
             OR ("Status" = 'verified' AND "VerifiedBy" IN ('e-mail link', 'e-mail link or code')
                 AND ("VerificationEvidence" IS NULL OR "VerificationEvidence" = 'E-mail address confirmed through the link or code sent to it.')))
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == Sqlite)
        {
            migrationBuilder.Sql($"""
                UPDATE requests SET "IdentitiesJson" = (
                    SELECT json_group_array(CASE WHEN json_extract(i.value, '$.type') = 'email' THEN json(i.value)
                                                 ELSE json_set(i.value, '$.unverified', json('true')) END)
                    FROM json_each(requests."IdentitiesJson") AS i)
                WHERE {NotYetApprovedFromTheCentre}
                  AND EXISTS (SELECT 1 FROM json_each(requests."IdentitiesJson") AS i WHERE json_extract(i.value, '$.type') <> 'email')
                """);
        }
        else
        {
            migrationBuilder.Sql($$"""
                UPDATE requests SET "IdentitiesJson" = (
                    SELECT json_agg(CASE WHEN i.value->>'type' = 'email' THEN i.value
                                         ELSE i.value || '{"unverified": true}'::jsonb END ORDER BY i.n)::text
                    FROM jsonb_array_elements(requests."IdentitiesJson"::jsonb) WITH ORDINALITY AS i(value, n))
                WHERE {{NotYetApprovedFromTheCentre}}
                  AND EXISTS (SELECT 1 FROM jsonb_array_elements(requests."IdentitiesJson"::jsonb) AS i(value) WHERE i.value->>'type' <> 'email')
                """);
        }
    }

    // Nothing to undo: code before this migration reads the flag as an unknown field and ignores it.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
