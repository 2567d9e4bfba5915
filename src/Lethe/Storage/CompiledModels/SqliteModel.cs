namespace Lethe.Storage.CompiledModels.Sqlite;

/// <summary>The compiled model for SQLite (the rest of this class is written by scripts/compile-model.sh).</summary>
public partial class LetheDbContextModel
{
    partial void Customize() => TenantFilters.AddTo(this);
}
