using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Blueprint.Api.Tests.Operations;

/// <summary>
/// The Blueprint meter counts what an operator watches (cache hits and misses, rate-limit refusals, database time), and
/// with an OTLP endpoint configured, requests per route and database spans reach the exporters; with none, nothing does.
/// </summary>
public sealed class TelemetryTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private const string Region = "/odata/Interventions/InArea(code='W06000015')?$select=Name&$top=3";

    [Fact]
    public async Task A_cached_read_a_refusal_and_database_time_are_counted()
    {
        using var host = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:Enabled", "true");
            b.UseSetting("RateLimits:UncachedBudget", "2");
            // The region query is timed at the database: the read model would answer it from memory.
            b.UseSetting("ReadModel:Enabled", "false");
        });
        using var client = host.CreateClient();
        using var measured = new MeasuredInstruments(host);

        var first = await client.GetAsync(Region);       // computed: a miss (spends 1 of 2)
        var second = await client.GetAsync(Region);      // from the cache: a hit (free)
        var other = await client.GetAsync("/api/config");   // spends the 2nd
        var refused = await client.GetAsync("/api/config"); // over the budget

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(1, measured.Sum("blueprint.cache.lookups", "result", "miss"));
        Assert.Equal(1, measured.Sum("blueprint.cache.lookups", "result", "hit"));
        Assert.Equal(1, measured.Sum("blueprint.rate_limit.refusals", "limit", "uncached"));
        Assert.True(measured.Count("blueprint.db.command.duration") > 0, "the region query's database commands were timed");
    }

    [Fact]
    public async Task With_an_otlp_endpoint_requests_per_route_and_database_spans_are_exported()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var host = app.WithWebHostBuilder(b =>
        {
            // Nothing listens there: the OTLP exporter fails quietly, the in-memory ones below show what it was given.
            b.UseSetting("OpenTelemetry:OtlpEndpoint", "http://127.0.0.1:9");
            b.UseSetting("OpenTelemetry:TraceSampleRatio", "1"); // every request traced (the default traces one in ten)
            // The region search must reach the database to make its spans: the read model would answer it from memory.
            b.UseSetting("ReadModel:Enabled", "false");
            b.ConfigureServices(s =>
            {
                s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
                s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            });
        });
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "uncached=1"); // the directory cache stands aside: the query runs
        // Tracing listens to the whole process, so a test running beside this one may export its own region search here:
        // this request is told apart by the trace it joins (the sampler ignores the header's flag, not its trace id).
        var trace = ActivityTraceId.CreateRandom();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Region)).StatusCode);
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var routes = new List<string>();
        // Background work may still export while the assertions read: read copies.
        foreach (var metric in metrics.ToArray().Where(m => m.Name == "http.server.request.duration"))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == "http.route")
                    {
                        routes.Add((string)tag.Value!);
                    }
                }
            }
        }
        Assert.Contains(routes, r => r.Contains("InArea", StringComparison.Ordinal));
        var exported = spans.ToArray();
        var request = Assert.Single(exported, s => s.Kind == ActivityKind.Server && s.TraceId == trace && s.DisplayName.Contains("InArea", StringComparison.Ordinal));
        Assert.Contains(exported, s => s.Source.Name == "Blueprint" && s.DisplayName == "db query" && s.ParentSpanId == request.SpanId);
    }

    [Fact]
    public async Task A_survey_upload_counts_its_rows_and_its_time()
    {
        using var measured = new MeasuredInstruments(app);
        using var analyst = app.ClientAs("analyst");

        await Imports.SurveyExport.UploadOkAsync(analyst, Imports.SurveyExport.ThreeRows(Imports.SurveyExport.NewMarker()));

        Assert.Equal(3, measured.Sum("blueprint.import.rows", "dry_run", false));
        Assert.Equal(1, measured.Count("blueprint.import.duration"));
    }

    [Fact]
    public void Without_an_endpoint_there_is_no_tracer_meter_provider_or_exporter()
    {
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
    }
}
