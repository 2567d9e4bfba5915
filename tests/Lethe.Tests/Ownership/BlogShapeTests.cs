using System.Globalization;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>
/// The tables of a widely used blogging platform, as its own privacy tools see them: users with credentials in their own
/// row, key–value user meta, posts, and comments by users and guests with replies by others on posts by others.
/// </summary>
public sealed class BlogShapeTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateOnly Today = new(2026, 12, 2);

    private const string Schema = """
        CREATE TABLE users ("ID" integer PRIMARY KEY, user_login text, user_email text, display_name text, user_pass text, user_activation_key text);
        CREATE TABLE usermeta (umeta_id integer PRIMARY KEY, user_id integer, meta_key text, meta_value text);
        CREATE TABLE posts ("ID" integer PRIMARY KEY, post_author integer, post_title text, post_content text);
        CREATE TABLE comments ("comment_ID" integer PRIMARY KEY, "comment_post_ID" integer, user_id integer, comment_author text, comment_author_email text, "comment_author_IP" text, comment_content text, comment_parent integer, comment_type text);
        INSERT INTO users VALUES (1, 'anna', 'anna.berg@example.dk', 'Anna Berg', '$P$Bhashedpassword', 'activation-secret');
        INSERT INTO users VALUES (2, 'ben', 'ben@example.dk', 'Ben Holm', '$P$Banotherhash', '');
        INSERT INTO users VALUES (3, 'carl', 'carl@example.dk', 'Carl Friis', '$P$Bthirdhash', '');
        INSERT INTO usermeta VALUES (1, 1, 'first_name', 'Anna');
        INSERT INTO usermeta VALUES (2, 1, 'last_name', 'Berg');
        INSERT INTO usermeta VALUES (3, 1, 'session_tokens', 'a:1:{s:64:"verifier";}');
        INSERT INTO usermeta VALUES (4, 1, 'rich_editing', 'true');
        INSERT INTO usermeta VALUES (5, 2, 'first_name', 'Ben');
        INSERT INTO usermeta VALUES (6, 2, 'session_tokens', 'a:1:{s:64:"other";}');
        INSERT INTO posts VALUES (10, 1, 'Anna on gardens', 'Text');
        INSERT INTO posts VALUES (11, 1, 'Anna on bees', 'Text');
        INSERT INTO posts VALUES (12, 2, 'Ben on boats', 'Text');
        INSERT INTO comments VALUES (100, 10, 2, 'Ben Holm', 'ben@example.dk', '198.51.100.7', 'Nice garden', 0, 'comment');
        INSERT INTO comments VALUES (101, 10, 3, 'Carl Friis', 'carl@example.dk', '203.0.113.9', 'I agree with Ben', 100, 'comment');
        INSERT INTO comments VALUES (102, 10, 0, 'Anna (guest)', 'Anna.Berg@Example.DK', '192.0.2.44', 'Thanks, all', 0, 'comment');
        INSERT INTO comments VALUES (103, 12, 1, 'Anna Berg', 'anna.berg@example.dk', '192.0.2.45', 'Lovely boat', 0, 'comment');
        INSERT INTO comments VALUES (104, 12, 3, 'Carl Friis', 'carl@example.dk', '203.0.113.9', 'Replying to Anna', 103, 'comment');
        INSERT INTO comments VALUES (105, 11, 0, 'Eve', 'eve@example.dk', '198.51.100.99', 'Bees!', 0, 'comment');
        INSERT INTO comments VALUES (106, 10, 0, 'Bee blog', 'anna.berg@example.dk', '203.0.113.50', 'Linked from another site', 0, 'pingback')
        """;

    private const string Collections = """
        - name: users
          key: ID
          is: person
          fields:
            - name: ID
            - name: user_login
              category: account.customer_number
              erasure: random
            - name: user_email
              category: contact.email
              identifies: email
              erasure: empty
            - name: display_name
              category: contact.name
              erasure: replace
              replacement: Deleted user
            - name: user_pass
              category: account.credentials
              disclose: false
              erasure: random
            - name: user_activation_key
              category: account.credentials
              disclose: false
              erasure: empty
        - name: usermeta
          key: umeta_id
          belongsTo: user_id
          keyValue:
            key: meta_key
            value: meta_value
            entries:
              - key: first_name
                category: contact.name
                erasure: empty
              - key: last_name
                category: contact.name
                erasure: empty
              - key: session_tokens
                category: account.credentials
                disclose: false
                erasure: delete-row
              - key: rich_editing
          fields:
            - name: umeta_id
            - name: user_id
              references: users.ID
            - name: meta_key
            - name: meta_value
        - name: posts
          key: ID
          belongsTo: post_author
          fields:
            - name: ID
            - name: post_author
              references: users.ID
              erasure: replace
              replacement: "0"
            - name: post_title
              category: communication.inquiry
        - name: comments
          key: comment_ID
          belongsTo: user_id
          # A pingback is another site's link, not something a person wrote.
          when:
            - field: comment_type
              notIn: [pingback, trackback]
          fields:
            - name: comment_ID
            - name: comment_post_ID
              references: posts.ID
            - name: user_id
              references: users.ID
              erasure: replace
              replacement: "0"
            - name: comment_author
              category: contact.name
              erasure: replace
              replacement: Anonymous
            - name: comment_author_email
              category: contact.email
              identifies: email
              erasure: empty
            - name: comment_author_IP
              category: technical.ip_address
              erasure: truncate-ip
            - name: comment_content
              category: communication.inquiry
            - name: comment_parent
              references: comments.comment_ID
            - name: comment_type
        """;

    private static Task<ScratchStore> StoreAsync(DatabaseProvider provider) => ScratchStore.CreateAsync(provider, Schema, Collections);

    private static async Task<List<FoundRow>> AccessAsync(ScratchStore store, string email)
    {
        var rows = new List<FoundRow>();
        await store.Connector().ReadAsync([new Identity("email", email)], row =>
        {
            rows.Add(row);
            return ValueTask.CompletedTask;
        }, default);
        return rows;
    }

    private static long[] Keys(List<FoundRow> rows, string collection, string key) =>
        rows.Where(r => r.Collection == collection).Select(r => Convert.ToInt64(r.Values[key], CultureInfo.InvariantCulture)).Order().ToArray();

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_author_gets_her_account_meta_posts_and_comments_including_guest_ones_in_another_case_and_never_others_comments_or_her_credentials(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);

        var rows = await AccessAsync(store, "anna.berg@example.dk");

        rows.ShouldAllBe(r => r.Role == RowRole.Owned);
        Keys(rows, "users", "ID").ShouldBe([1L]);
        Keys(rows, "usermeta", "umeta_id").ShouldBe([1L, 2L], "her names; not the session tokens (never disclosed) nor a setting with no category");
        Keys(rows, "posts", "ID").ShouldBe([10L, 11L]);
        Keys(rows, "comments", "comment_ID").ShouldBe([102L, 103L], "her own and her guest comment; not what others wrote on her posts or in reply to her, not the pingback");
        var user = rows.Single(r => r.Collection == "users").Values;
        user.Keys.ShouldNotContain("user_pass");
        user.Keys.ShouldNotContain("user_activation_key");
        rows.SelectMany(r => r.Values.Values).OfType<string>().ShouldNotContain(v => v.Contains("verifier", StringComparison.Ordinal) || v.StartsWith("$P$", StringComparison.Ordinal));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Erasing_an_author_changes_her_rows_only_and_leaves_others_comments_on_her_posts_and_replies_to_her(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);

        var changed = await store.ChangedByAsync(() => store.Connector().EraseAsync([new Identity("email", "ANNA.BERG@example.dk")], Key, Today, default));

        changed.ShouldBe(["comments:102", "comments:103", "posts:10", "posts:11", "usermeta:1", "usermeta:2", "usermeta:3", "users:1"]);
        (await store.QueryAsync("SELECT count(*) FROM usermeta WHERE umeta_id = 3")).Single()[0].ShouldBe(0L, "session tokens are deleted");
        (await store.QueryAsync("SELECT meta_value FROM usermeta WHERE umeta_id = 4")).Single()[0].ShouldBe("true");
        var comment = (await store.QueryAsync("SELECT user_id, comment_author, comment_author_email, \"comment_author_IP\", comment_content FROM comments WHERE \"comment_ID\" = 103")).Single();
        Convert.ToInt64(comment[0], CultureInfo.InvariantCulture).ShouldBe(0L);
        comment[1].ShouldBe("Anonymous");
        comment[2].ShouldBe("");
        comment[3].ShouldBe("192.0.2.0");
        comment[4].ShouldBe("Lovely boat");
        var user = (await store.QueryAsync("SELECT user_email, display_name, user_pass FROM users WHERE \"ID\" = 1")).Single();
        user[0].ShouldBe("");
        user[1].ShouldBe("Deleted user");
        ((string)user[2]!).ShouldStartWith("erased-");
        Convert.ToInt64((await store.QueryAsync("SELECT post_author FROM posts WHERE \"ID\" = 10")).Single()[0], CultureInfo.InvariantCulture).ShouldBe(0L);

        // Erasing twice changes nothing more.
        (await store.ChangedByAsync(() => store.Connector().EraseAsync([new Identity("email", "anna.berg@example.dk")], Key, Today, default))).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Erasing_a_commenter_leaves_the_replies_others_wrote_to_her_and_the_post_she_commented_on(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);

        var changed = await store.ChangedByAsync(() => store.Connector().EraseAsync([new Identity("email", "ben@example.dk")], Key, Today, default));

        changed.ShouldBe(["comments:100", "posts:12", "usermeta:5", "usermeta:6", "users:2"]);
    }
}
