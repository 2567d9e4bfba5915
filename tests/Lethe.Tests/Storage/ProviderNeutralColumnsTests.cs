using Lethe.Storage;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lethe.Tests.Storage;

public sealed class ProviderNeutralColumnsTests
{
    [Fact]
    public void A_new_table_keeps_its_columns_but_not_their_store_types()
    {
        var table = new CreateTableOperation { Name = "t" };
        table.Columns.Add(new AddColumnOperation { Name = "Id", Table = "t", ClrType = typeof(Guid), ColumnType = "TEXT" });
        table.Columns.Add(new AddColumnOperation { Name = "Name", Table = "t", ClrType = typeof(string), ColumnType = "TEXT", MaxLength = 40 });

        ProviderNeutralColumns.Neutralise(table);

        table.Columns.Select(c => (c.Name, c.ColumnType, c.MaxLength)).ShouldBe([("Id", null, null), ("Name", null, 40)]);
    }

    [Fact]
    public void An_altered_column_loses_the_store_type_before_and_after()
    {
        var alter = new AlterColumnOperation { Name = "c", Table = "t", ClrType = typeof(long), ColumnType = "INTEGER" };
        alter.OldColumn.ColumnType = "TEXT";

        ProviderNeutralColumns.Neutralise(alter);

        (alter.ColumnType, alter.OldColumn.ColumnType).ShouldBe((null, null));
    }

    [Fact]
    public void A_sqlite_identity_column_is_an_identity_on_postgresql_too()
    {
        var column = new AddColumnOperation { Name = "Id", Table = "t", ClrType = typeof(long), ColumnType = "INTEGER" };
        column.AddAnnotation(ProviderNeutralColumns.SqliteAutoincrement, true);
        var plain = new AddColumnOperation { Name = "Count", Table = "t", ClrType = typeof(long), ColumnType = "INTEGER" };

        ProviderNeutralColumns.Neutralise(column);
        ProviderNeutralColumns.Neutralise(plain);

        column[ProviderNeutralColumns.NpgsqlValueGeneration].ShouldBe(NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
        plain[ProviderNeutralColumns.NpgsqlValueGeneration].ShouldBeNull();
    }
}
