using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lethe.Storage;

/// <summary>
/// Takes the provider out of a migration's columns: no store type (each provider maps the CLR type itself), and an
/// identity column marked as one for both SQLite and PostgreSQL.
/// </summary>
public static class ProviderNeutralColumns
{
    public const string SqliteAutoincrement = "Sqlite:Autoincrement";
    public const string NpgsqlValueGeneration = "Npgsql:ValueGenerationStrategy";

    public static void Neutralise(MigrationOperation operation)
    {
        switch (operation)
        {
            case CreateTableOperation table:
                foreach (var column in table.Columns)
                {
                    Neutralise(column);
                }

                break;
            case AlterColumnOperation alter:
                Column(alter);
                Column(alter.OldColumn);
                break;
            case ColumnOperation column:
                Column(column);
                break;
        }
    }

    private static void Column(ColumnOperation column)
    {
        column.ColumnType = null;
        if (column[SqliteAutoincrement] is true && column[NpgsqlValueGeneration] is null)
        {
            column.AddAnnotation(NpgsqlValueGeneration, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
        }
    }
}
