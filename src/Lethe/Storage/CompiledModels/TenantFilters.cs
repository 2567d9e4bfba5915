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
                // The annotation an entity type's filters are kept in: the one internal EF Core API Lethe uses, so an EF Core
                // upgrade that changes it fails the tests above instead of leaving the tables unfiltered.
#pragma warning disable EF1001
                entityType.AddAnnotation(CoreAnnotationNames.QueryFilter, new QueryFilterCollection([new QueryFilter(filter)]));
#pragma warning restore EF1001
            }
        }
    }
}
