using Lethe.Connectors;

namespace Lethe.Tests.Connectors;

public sealed class PersonalColumnNameTests
{
    [Theory]
    // A thing's name is not personal.
    [InlineData("category", "name", false)]
    [InlineData("categories", "name", false)]
    [InlineData("language", "name", false)]
    [InlineData("product", "name", false)]
    [InlineData("products", "navn", false)]
    [InlineData("country", "name", false)]
    [InlineData("order_lines", "product_name", false)]
    [InlineData("invoices", "company_name", false)]
    [InlineData("product_categories", "name", false)]
    // A person's name is.
    [InlineData("customer", "name", true)]
    [InlineData("customers", "name", true)]
    [InlineData("employee", "first_name", true)]
    [InlineData("kunder", "navn", true)]
    [InlineData("orders", "customer_name", true)]
    [InlineData("company_contacts", "name", true)]
    [InlineData("medarbejdere", "efternavn", true)]
    [InlineData("ansatte", "fornavn", true)]
    [InlineData("products", "surname", true)]
    // A name nothing places is reported: a miss costs more than a line in the manifest.
    [InlineData("signups", "name", true)]
    // Words that are personal wherever they stand.
    [InlineData("products", "email", true)]
    [InlineData("anything", "phone", true)]
    [InlineData("tickets", "customer_cpr", true)]
    [InlineData("sessions", "ip_address", true)]
    // A flag says nothing about the person, and words inside longer words do not count.
    [InlineData("customers", "email", true)]
    [InlineData("settings", "timezone", false)]
    [InlineData("customers", "phoneme", false)]
    public void Names_a_column_personal_by_its_own_name_and_its_table(string table, string column, bool personal) =>
        PersonalColumnName.Looks(table, new LiveColumn(column, "text")).ShouldBe(personal);

    [Fact]
    public void A_boolean_is_never_personal() =>
        PersonalColumnName.Looks("customers", new LiveColumn("email", "boolean")).ShouldBeFalse();
}
