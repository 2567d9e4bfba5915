using Lethe.Connectors;
using Lethe.Localization;
using Lethe.Web.Localization;

namespace Lethe.Tests.Connectors;

/// <summary>
/// A datastore's problems keep the English that steps, runs and the API have always stored, and a console page says
/// them again in the reader's language from that English — also several joined, and one nested in another.
/// </summary>
public sealed class DatastoreMessagesTests
{
    public static TheoryData<string, string> English => new()
    {
        { DatastoreMessages.NoDataMap(), "the tenant has no data map" },
        { DatastoreMessages.NotInDataMap("crm.db"), "crm.db is no longer in the data map" },
        { DatastoreMessages.RuleGone("bookkeeping", "billing.db.invoices"), "the rule 'bookkeeping' on billing.db.invoices is no longer in the data map; it is left for the next run" },
        { DatastoreMessages.SecretUnreadable("crm"), "the secret crm cannot be opened with this server's keys: set it again" },
        { DatastoreMessages.NoFile("crm.db", "data:crm.db"), "crm.db: no connection: data:crm.db names no file in the tenant's folder" },
        { DatastoreMessages.NotMatching("crm.db", "the table orders is in the manifest but not in the database"), "crm.db does not match the data map: the table orders is in the manifest but not in the database" },
        { DatastoreMessages.TableMissing("orders"), "the table orders is in the manifest but not in the database" },
        { DatastoreMessages.ColumnMissing("customers.phone"), "the column customers.phone is in the manifest but not in the database" },
        { DatastoreMessages.WebhookUrl("shop", "env:SHOP_HOOK"), "shop: the webhook URL in env:SHOP_HOOK is not an http(s) URL" },
        { DatastoreMessages.NoPublicUrl("shop"), "shop accepted the job to answer later, but Lethe has no public URL (Lethe:PublicUrl) to be called back on" },
        { DatastoreMessages.TableGone("notes", "crm.db"), "the table notes is no longer in crm.db, or has no text column" },
        { DatastoreMessages.NoColumn("crm.db.customers", "created_at"), "crm.db.customers has no column 'created_at'" },
        { DatastoreMessages.NotADate("crm.db.customers.created_at"), "crm.db.customers.created_at is not a date column, so no period can count from it" },
        { DatastoreMessages.Unexpected(new System.Text.Json.JsonException()), "unexpected error (JsonException); the server log has the details" },
        { DatastoreMessages.Unresolved("crm.db", "connection", "secret:crm is not set"), "crm.db: no connection: secret:crm is not set" },
        { DatastoreMessages.Unresolved("pbx", "files directory", "env:PBX is not set"), "pbx: no files directory: env:PBX is not set" },
    };

    [Theory]
    [MemberData(nameof(English))]
    public void The_english_is_what_it_always_was_and_every_language_finds_it_back(string message, string english)
    {
        message.ShouldBe(english);
        Texts.ErrorMatch(message).ShouldNotBeNull().Id.ShouldMatch(@"^error\.(datastore|work)\.", "found back as a datastore's problem, not another text");
        foreach (var language in new[] { "da", "nb" })
        {
            FailureTexts.SayProblem(message, language).ShouldNotBe(message, $"said in {language}");
        }
    }

    [Fact]
    public void Missing_tables_and_columns_are_said_inside_the_datastores_problem()
    {
        var problem = DatastoreMessages.NotMatching("crm.db", $"{DatastoreMessages.TableMissing("orders")}; {DatastoreMessages.ColumnMissing("customers.phone")}");

        FailureTexts.SayProblem(problem, "da").ShouldBe(
            "crm.db passer ikke med datakortet: tabellen orders står i manifestet, men findes ikke i databasen; kolonnen customers.phone står i manifestet, men findes ikke i databasen");
    }

    [Fact]
    public void A_rules_several_problems_are_said_one_by_one_and_the_engines_own_words_stay()
    {
        var problems = string.Join("; ", DatastoreMessages.NoColumn("crm.db.customers", "created_at"), DatastoreMessages.NotADate("crm.db.customers.created_at"),
            "SQLite Error 5: 'database is locked'. (SqliteException)");

        FailureTexts.SayProblem(problems, "nb").ShouldBe(
            "crm.db.customers har ingen kolonne «created_at»; crm.db.customers.created_at er ikke en datokolonne, så ingen periode kan regnes fra den; " +
            "SQLite Error 5: 'database is locked'. (SqliteException)");
    }

    [Fact]
    public void A_connection_the_operator_has_not_allowed_is_said_inside_the_datastores_problem()
    {
        var boundary = new DatastoreBoundary(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), null);
        var problem = DatastoreMessages.Unresolved("crm.db", "connection", boundary.Check("acme", "env:ACME_CRM")!.Message);

        FailureTexts.SayProblem(problem, "da").ShouldStartWith("crm.db: ingen forbindelse: env:ACME_CRM er ikke tilladt for denne lejer");
    }

    [Fact]
    public void A_rule_gone_from_the_data_map_is_said_whole_though_its_english_holds_a_semicolon() =>
        FailureTexts.SayProblem(DatastoreMessages.RuleGone("bookkeeping", "billing.db.invoices"), "da")
            .ShouldBe("reglen »bookkeeping« for billing.db.invoices er ikke længere i datakortet; den venter til næste kørsel");
}
