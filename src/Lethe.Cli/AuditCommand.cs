using System.CommandLine;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe audit verify</c> and <c>lethe audit head</c>: prove the audit log is whole.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var head = new Option<string?>("--head")
        {
            Description = "A head hash printed earlier by 'lethe audit head' and kept outside the database; the log must still contain it.",
        };
        var verify = new Command("verify", "Recompute the hash chain. Exit 0 when whole; exit 1 naming the first entry changed, removed or reordered.");
        verify.Options.Add(head);
        verify.SetAction(async (parse, ct) =>
        {
            var kept = parse.GetValue(head);
            if (kept is not null && HeadHash(kept) is null)
            {
                // A mistyped head must not read as a rewritten log.
                await context.Error.WriteLineAsync(
                    $"lethe: --head '{Quoted.Clip(kept, 80)}' is not a head hash: give the 64 hexadecimal characters 'lethe audit head' printed after the entry number.");
                return LetheCli.Usage;
            }

            return await WithDatabaseAsync(context, parse, ct, db => VerifyAsync(context, db, kept is null ? null : HeadHash(kept), ct));
        });

        var printHead = new Command("head", "Print the newest sequence and hash, to keep outside the database for 'verify --head'.");
        printHead.SetAction((parse, ct) => WithDatabaseAsync(context, parse, ct, async db =>
        {
            var current = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(ct);
            await context.Output.WriteLineAsync(current is null ? "The audit log is empty." : $"{current.Sequence} {current.Hash}");
            return LetheCli.Ok;
        }));

        var audit = new Command("audit", "The tamper-evident audit log.");
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(printHead);
        return audit;
    }

    /// <summary>Runs <paramref name="action"/> on an existing Lethe database, or says in one line why there is none.</summary>
    private static async Task<int> WithDatabaseAsync(CliContext context, ParseResult parse, CancellationToken ct, Func<LetheDbContext, Task<int>> action)
    {
        await using var services = await context.CoreServicesAsync(parse);
        if (services is null)
        {
            return LetheCli.Failed;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        return await HasSchemaAsync(db, context, ct) ? await action(db) : LetheCli.Failed;
    }

    private static async Task<int> VerifyAsync(CliContext context, LetheDbContext db, string? head, CancellationToken ct)
    {
        var result = await AuditVerifier.VerifyAsync(db, head, ct);
        if (result.IsIntact)
        {
            await context.Output.WriteLineAsync($"The audit log is intact: {result.EntriesChecked} entries, head {result.HeadHash}.");
            return LetheCli.Ok;
        }

        await context.Output.WriteLineAsync($"The audit log is NOT intact: {result.Problem}. Entries before #{result.FirstBrokenSequence} verify.");
        return LetheCli.Failed;
    }

    /// <summary>
    /// The hash in what the operator kept: the hash alone, or the whole line 'lethe audit head' printed (entry number,
    /// then hash); null when it is not a SHA-256 in hexadecimal.
    /// </summary>
    internal static string? HeadHash(string kept)
    {
        var hash = kept.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        return hash.Length == 64 && hash.All(char.IsAsciiHexDigit) ? hash.ToLowerInvariant() : null;
    }

    private static async Task<bool> HasSchemaAsync(LetheDbContext db, CliContext context, CancellationToken ct)
    {
        if (!await db.Database.CanConnectAsync(ct))
        {
            await context.Error.WriteLineAsync(db.IsPostgres
                ? "lethe: cannot connect to the PostgreSQL database given by --connection (LETHE_CONNECTION)."
                : "lethe: there is no Lethe database in --data (LETHE_DATA) yet; run 'lethe migrate' or 'lethe serve' first.");
            return false;
        }

        if ((await db.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            return true;
        }

        await context.Error.WriteLineAsync("lethe: the database has no Lethe schema yet; run 'lethe migrate' or 'lethe serve' first.");
        return false;
    }
}
