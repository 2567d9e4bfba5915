using Lethe.Storage;

namespace Lethe.Web.Hosting;

/// <summary>How <c>lethe serve</c> was asked to run.</summary>
public sealed record WebSettings(StorageSettings Storage, string Urls, bool HttpsRedirection, string? AdminPassword)
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Largest request body accepted; manifests and batches in later features stay far below it.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;
}
