using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Internal;

namespace Lethe.Storage.CompiledModels;

/// <summary>
/// Puts the tenant query filters into a compiled model as it loads. EF Core cannot write query filters into a compiled
/// model (scripts/compile-model.sh leaves them out), and without them every query would read every tenant's rows, so
/// each compiled model's <c>Customize</c> calls this. The filters are <see cref="LetheDbContext.QueryFilterFor"/>'s,
/// the same ones OnModelCreating applies; TenantFilterModelTests and CompiledModelTests check the loaded model.
/// </summary>
internal static class TenantFilters
{
    public static void AddTo(RuntimeModel model)
    {
        foreach (var entityType in ((IModel)model).GetEntityTypes().Cast<RuntimeEntityType>())
        {
            if (LetheDbContext.QueryFilterFor(entityType.ClrType) is { } filter)
            {
                // The annotation a runtime entity type's filters are kept in, with no key (EF Core's anonymous filter): the
                // one internal EF Core API Lethe uses. An EF Core upgrade that changes it makes every filtered query throw
                // (as a wrong type here did), and the tests above fail, rather than leaving the tables unfiltered.
#pragma warning disable EF1001
                entityType.AddAnnotation(CoreAnnotationNames.QueryFilter, new QueryFilterCollection([new RuntimeQueryFilter(null!, filter)]));
#pragma warning restore EF1001
            }
        }
    }
}
