namespace Lethe.Storage.CompiledModels.Postgres;

/// <summary>The compiled model for PostgreSQL (the rest of this class is written by scripts/compile-model.sh).</summary>
public partial class LetheDbContextModel
{
    partial void Customize() => TenantFilters.AddTo(this);
}
