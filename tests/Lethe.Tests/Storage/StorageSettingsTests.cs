using Lethe.Storage;

namespace Lethe.Tests.Storage;

public sealed class StorageSettingsTests
{
    [Theory]
    [InlineData("mysql", null, "--database (LETHE_DATABASE) must be 'sqlite' or 'postgres', not 'mysql'.")]
    [InlineData("postgres", null, "--database postgres needs --connection")]
    [InlineData("postgres", "Host=x;Nonsense Key=1", "not a valid PostgreSQL connection string")]
    [InlineData("sqlite", "Host=x", "only used with --database postgres")]
    public void A_wrong_setting_is_one_line_that_names_it(string database, string? connection, string expected)
    {
        var outcome = StorageSettings.Resolve(database, connection, null);

        var problem = outcome.Failure.ShouldBeOfType<SettingProblem>();
        problem.Detail.ShouldContain(expected);
        problem.Detail.ShouldNotContain("\n");
    }

    [Fact]
    public void A_connection_string_password_is_never_echoed()
    {
        var outcome = StorageSettings.Resolve("postgres", "Host=x;Password=hunter2;Bogus=1", null);
        outcome.Failure!.Detail.ShouldNotContain("hunter2");
        outcome.Failure.Detail.ShouldContain("LETHE_CONNECTION", Case.Sensitive, "it names the setting to fix instead");
    }

    [Fact]
    public void The_default_is_a_sqlite_file_in_the_data_directory()
    {
        var settings = StorageSettings.Resolve(null, null, "some-dir").Value!;
        settings.Provider.ShouldBe(DatabaseProvider.Sqlite);
        settings.DataDirectory.ShouldBe(Path.GetFullPath("some-dir"));
        settings.ConnectionString.ShouldContain(Path.Combine(Path.GetFullPath("some-dir"), StorageSettings.SqliteFileName));
    }
}
