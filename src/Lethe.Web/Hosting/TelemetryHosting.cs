using System.Diagnostics;
using Lethe.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lethe.Web.Hosting;

/// <summary>
/// OpenTelemetry for operators, off unless <c>Lethe:Telemetry:OtlpEndpoint</c> names a collector: Lethe's own meter and
/// spans (<see cref="LetheTelemetry"/>) and ASP.NET Core's, exported over OTLP.
/// </summary>
public static class TelemetryHosting
{
    public const string Section = "Lethe:Telemetry";

    /// <summary>Registers nothing when no endpoint is set: no listener, no exporter, no gauge queries.</summary>
    public static void AddLetheTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (Endpoint(configuration) is not { } endpoint)
        {
            return;
        }

        var protocol = Protocol(configuration[$"{Section}:OtlpProtocol"]);
        services.AddSingleton<OperationsGauges>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration[$"{Section}:ServiceName"] is { Length: > 0 } name ? name : "lethe"))
            .WithMetrics(m => m.AddMeter(LetheTelemetry.Name).AddAspNetCoreInstrumentation()
                .AddInstrumentation(sp => sp.GetRequiredService<OperationsGauges>()))
            .WithTracing(t => t.AddSource(LetheTelemetry.Name).AddAspNetCoreInstrumentation(o => o.EnrichWithHttpResponse = (activity, _) => Redact(activity)))
            .UseOtlpExporter(protocol, endpoint);
    }

    /// <summary>The collector's address, or null when telemetry is off; a value that is no http(s) address stops the server.</summary>
    public static Uri? Endpoint(IConfiguration configuration)
    {
        var value = configuration[$"{Section}:OtlpEndpoint"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{Section}:OtlpEndpoint is '{value}', which is no http(s) address; name the OTLP collector (http://collector:4317) or leave it empty to turn telemetry off.");
    }

    private static OtlpExportProtocol Protocol(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{Section}:OtlpProtocol is '{value}'; use grpc (the default) or http/protobuf."),
    };

    /// <summary>
    /// A path can carry a person's status token or a tenant's slug (/p/{tenant}/status/{token}): spans keep the route's
    /// template instead, and never the query string.
    /// </summary>
    public static void Redact(Activity activity)
    {
        activity.SetTag("url.path", activity.GetTagItem("http.route") as string ?? "(unrouted)");
        activity.SetTag("url.query", null);
    }
}
