using System.Runtime.CompilerServices;
using Lethe.Audit;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Storage;

/// <summary>
/// Builds, on a context of its own that nobody saves, what EF Core otherwise builds the first time a process meets an
/// entity type: the relational model and, per entity type, its property accessors, snapshot factories and identity map
/// (expression trees compiled at run time, which no ReadyToRun image can hold). They are kept on the model, which every
/// context of the process shares, so a command that runs this on its second core while the first opens the database
/// and reads the tenant finds them built (docs/benchmarks.md, "The CLI").
/// </summary>
public static class ModelWarmUp
{
    /// <summary>
    /// The entity types registering, approving and carrying out a request and writing its answer track. Only these:
    /// warming every entity type costs more than a core's worth of the command's time and competes with the work it
    /// should speed up (measured: slower than none). A type missing here is only built later, by the work itself.
    /// </summary>
    public static readonly IReadOnlyList<Type> RequestRunEntityTypes =
        [typeof(DataRequest), typeof(RequestStep), typeof(AuditEntry), typeof(AuditHead), typeof(RequestStatusEvent), typeof(StoredAnswer), typeof(OutboxMessage)];

    /// <summary>
    /// Tracks one blank instance of each of <paramref name="types"/>, compares it with its snapshot and forgets it.
    /// Stops between types when <paramref name="ct"/> is cancelled. Nothing is read from or written to the database.
    /// </summary>
    /// <param name="db">A context used for nothing else: one that already tracks an entity is refused, as warming up forgets every tracked entity.</param>
    public static void Prepare(DbContext db, IReadOnlyList<Type> types, CancellationToken ct)
    {
        if (db.ChangeTracker.Entries().Any())
        {
            throw new InvalidOperationException("Warm up a context of its own: this one tracks entities that warming up would forget.");
        }

        if (ct.IsCancellationRequested)
        {
            return;
        }

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
