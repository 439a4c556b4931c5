using System.Diagnostics;
using System.Net;
using Blueprint.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Blueprint.Api.Tests.TelemetrySampling;

/// <summary>
/// Traces are sampled (<c>OpenTelemetry:TraceSampleRatio</c>, docs/decisions/0049): a request that is not sampled leaves no
/// span, not even for its database commands, while metrics still count it; a caller's own <c>traceparent</c> cannot ask
/// for its requests to be traced.
/// </summary>
public sealed class TraceSamplingTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private const string Region = "/odata/Interventions/InArea(code='W06000015')?$select=Name&$top=3";

    /// <summary>A caller's trace context with the sampled flag set, and a trace id that a trace-id-ratio sampler would always take.</summary>
    private const string SampledByCaller = "00-00000000000000000000000000000001-0000000000000001-01";

    private (WebApplicationFactory<Program> Host, List<Activity> Spans, List<Metric> Metrics) Traced(string ratio)
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var host = app.WithWebHostBuilder(b =>
        {
            // Nothing listens there: the OTLP exporter fails quietly, the in-memory ones below show what it was given.
            b.UseSetting("OpenTelemetry:OtlpEndpoint", "http://127.0.0.1:9");
            b.UseSetting("OpenTelemetry:TraceSampleRatio", ratio);
            // The region search must reach the database to make database spans: the read model would answer it from memory.
            b.UseSetting("ReadModel:Enabled", "false");
            b.ConfigureServices(s =>
            {
                s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
                s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            });
        });
        return (host, spans, metrics);
    }

    private static async Task<HttpStatusCode> SearchAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Region);
        request.Headers.Add("traceparent", SampledByCaller);
        request.Headers.Add("Cookie", "uncached=1"); // the directory cache stands aside: the query runs
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task A_request_that_is_not_sampled_leaves_no_span_but_is_counted_even_when_its_caller_asks_to_be_traced()
    {
        var (host, spans, metrics) = Traced("0");
        await using var _ = host;
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await SearchAsync(client));
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.Empty(spans.ToArray());
        long requests = 0;
        foreach (var metric in metrics.ToArray().Where(m => m.Name == "http.server.request.duration"))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                requests += point.GetHistogramCount();
            }
        }
        Assert.True(requests >= 1, "the request was counted in http.server.request.duration");
        Assert.Contains(metrics.ToArray(), m => m.Name == "blueprint.db.command.duration");
    }

    [Fact]
    public async Task A_sampled_request_is_exported_with_its_database_spans_under_it()
    {
        var (host, spans, _) = Traced("1");
        await using var __ = host;
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await SearchAsync(client));
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var exported = spans.ToArray();
        var request = Assert.Single(exported, s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("InArea", StringComparison.Ordinal));
        Assert.Contains(exported, s => s.DisplayName == "db query" && s.ParentSpanId == request.SpanId);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public void A_ratio_outside_0_to_1_stops_the_start(string ratio)
    {
        var (host, _, _) = Traced(ratio);
        using (host)
        {
            var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
            Assert.IsType<SettingException>(error.GetBaseException());
            Assert.Contains("OpenTelemetry:TraceSampleRatio", error.GetBaseException().Message);
        }
    }
}
