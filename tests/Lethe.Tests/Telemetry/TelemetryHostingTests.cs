using System.Diagnostics;
using Lethe.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lethe.Tests.Telemetry;

public sealed class TelemetryHostingTests
{
    private static ServiceCollection Registered(string? endpoint, string? protocol = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lethe:Telemetry:OtlpEndpoint"] = endpoint,
            ["Lethe:Telemetry:OtlpProtocol"] = protocol,
        }).Build();
        var services = new ServiceCollection();
        services.AddLetheTelemetry(configuration);
        return services;
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_registered() => Registered(null).ShouldBeEmpty();

    [Theory]
    [InlineData("http://collector:4317", null)]
    [InlineData("https://collector.example:4318", "http/protobuf")]
    public void An_endpoint_registers_metrics_traces_and_the_gauges(string endpoint, string? protocol)
    {
        using var provider = Registered(endpoint, protocol).BuildServiceProvider();

        provider.GetService<MeterProvider>().ShouldNotBeNull();
        provider.GetService<TracerProvider>().ShouldNotBeNull();
        provider.GetService<Lethe.Telemetry.OperationsGauges>().ShouldNotBeNull();
    }

    [Theory]
    [InlineData("collector:4317", null, "OtlpEndpoint is 'collector:4317'")]
    [InlineData("ftp://collector", null, "no http(s) address")]
    [InlineData("http://collector:4317", "udp", "OtlpProtocol is 'udp'")]
    public void A_wrong_setting_stops_the_server_saying_which(string endpoint, string? protocol, string message) =>
        Should.Throw<InvalidOperationException>(() => Registered(endpoint, protocol)).Message.ShouldContain(message);

    [Fact]
    public void A_request_span_keeps_the_route_template_instead_of_the_path_and_drops_the_query()
    {
        using var activity = new Activity("GET");
        activity.SetTag("url.path", "/p/flexfone/status/3q2+7w-secret-token");
        activity.SetTag("url.query", "?subject=ida@example.dk");
        activity.SetTag("http.route", "/p/{tenant}/status/{token}");

        TelemetryHosting.Redact(activity);

        activity.GetTagItem("url.path").ShouldBe("/p/{tenant}/status/{token}");
        activity.GetTagItem("url.query").ShouldBeNull();
    }
}
