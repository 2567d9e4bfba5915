using System.Runtime.CompilerServices;
using Lethe.Audit;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Storage;

/// <summary>
/// Builds, on a context nobody saves, what EF Core otherwise builds the first time a process meets an entity type: the
/// relational model and, per entity type, its property accessors, snapshot factories and identity map (compiled
/// expression trees, which ReadyToRun cannot hold; 0.35 s of `lethe request run`). They are kept on the model, which
/// every context of the process shares, so a command that runs this on the second core while its first core opens the
/// database and reads the tenant finds them built.
/// </summary>
public static class ModelWarmUp
{
    /// <summary>
    /// What registering, approving and carrying out a request and writing its answer track, in the order the work meets
    /// them. Only these: warming every entity type costs more than a core's worth of the command's time and competes with
    /// the work it should speed up (measured: slower than none).
    /// </summary>
    public static readonly IReadOnlyList<Type> RequestWork =
        [typeof(DataRequest), typeof(RequestStep), typeof(AuditEntry), typeof(AuditHead), typeof(RequestStatusEvent), typeof(StoredAnswer), typeof(OutboxMessage)];

    /// <summary>
    /// Tracks one blank instance of each of <paramref name="types"/>, in order, compares it with its snapshot and forgets
    /// it. Stops between types when <paramref name="ct"/> is cancelled. Nothing is read from or written to the database.
    /// </summary>
    public static void Prepare(DbContext db, IReadOnlyList<Type> types, CancellationToken ct)
    {
        _ = db.Model.GetRelationalModel();
        try
        {
            foreach (var clrType in types)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                var type = db.Model.FindEntityType(clrType) ?? throw new ArgumentException($"{clrType.Name} is not an entity type of {db.GetType().Name}.", nameof(types));
                // A blank instance: no constructor runs, so no entity's own rules are met or broken, and it is never saved.
                var entry = db.Entry(RuntimeHelpers.GetUninitializedObject(clrType));
                foreach (var key in type.FindPrimaryKey()?.Properties.Where(p => p.ClrType == typeof(string)) ?? [])
                {
                    // EF Core refuses to track a null key; a value type's default is a key it accepts.
                    entry.Property(key.Name).CurrentValue = "";
                }

                entry.State = EntityState.Unchanged;
                entry.DetectChanges();
            }
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
