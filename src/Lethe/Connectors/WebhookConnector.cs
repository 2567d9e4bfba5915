using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lethe.DataMap;
using Lethe.Execution;

namespace Lethe.Connectors;

/// <summary>The job Lethe posts to a system with an API.</summary>
public sealed record WebhookJob(
    [property: JsonPropertyName("job")] Guid Job,
    [property: JsonPropertyName("request")] Guid Request,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("identities")] IReadOnlyList<Identity> Identities,
    [property: JsonPropertyName("collections")] IReadOnlyList<WebhookCollection> Collections,
    [property: JsonPropertyName("changes")] IReadOnlyDictionary<string, string>? Changes,
    [property: JsonPropertyName("callbackUrl")] string? CallbackUrl);

/// <summary>A collection of the system as the data map describes it, so the system knows which fields and strategies are meant.</summary>
public sealed record WebhookCollection(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("fields")] IReadOnlyList<WebhookField> Fields);

public sealed record WebhookField(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("erasure")] string? Erasure);

/// <summary>What a system answers, at once or through the callback: its rows for access, or how many it changed.</summary>
public sealed record WebhookAnswer(
    [property: JsonPropertyName("collections")] IReadOnlyDictionary<string, List<Dictionary<string, JsonElement>>>? Collections,
    [property: JsonPropertyName("changed")] int? Changed);

/// <summary>What sending a job came to: answered (with the answer), or accepted to be answered through the callback.</summary>
public sealed record WebhookResult(bool Answered, WebhookAnswer? Answer);

/// <summary>
/// Posts signed jobs to a datastore's webhook. A 200 carries the answer; a 202 means the system answers later through
/// the callback URL; anything else is a failure the request step retries with backoff.
/// </summary>
public sealed class WebhookConnector(HttpClient http)
{
    public static WebhookJob Job(Guid step, Guid request, string type, IReadOnlyList<Identity> identities, Datastore store, IReadOnlyDictionary<string, string>? changes, string? callbackUrl) =>
        new(step, request, type, identities,
            store.Collections.Select(c => new WebhookCollection(c.Name, c.Fields.Select(f => new WebhookField(f.Name, f.Category, f.Erasure)).ToList())).ToList(),
            changes, callbackUrl);

    /// <exception cref="HttpRequestException">The system could not be reached or did not accept the job.</exception>
    public async Task<WebhookResult> SendAsync(Uri url, string secret, WebhookJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var response = await PostSignedAsync(url, secret, JsonSerializer.SerializeToUtf8Bytes(job), now, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                return new WebhookResult(false, null);
            case HttpStatusCode.OK:
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return new WebhookResult(true, Parse(bytes));
            default:
                throw new HttpRequestException($"the system answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }

    /// <summary>POSTs a JSON body signed over timestamp and body (<see cref="WebhookSignature"/>); the caller reads and disposes the response.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(Uri url, string secret, byte[] body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        return await http.SendAsync(message, cancellationToken);
    }

    // A customer's system answers rows of any shape: their nesting is bounded like every other input's, by name.
    private static readonly JsonSerializerOptions AnswerJson = new() { MaxDepth = Lethe.Common.InputLimits.MaxDepth };

    /// <exception cref="HttpRequestException">The body is not an answer.</exception>
    public static WebhookAnswer Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length > 50 * 1024 * 1024)
        {
            throw new HttpRequestException("the system's answer is larger than 50 MB");
        }

        try
        {
            return body.IsEmpty ? new WebhookAnswer(null, null) : JsonSerializer.Deserialize<WebhookAnswer>(body, AnswerJson) ?? new WebhookAnswer(null, null);
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"the system's answer is not the expected JSON: {e.Message}");
        }
    }
}
