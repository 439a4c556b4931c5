using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Blueprint.Api.Operations;

/// <summary>
/// OpenTelemetry traces and metrics (docs/decisions/0037): ASP.NET Core's requests (rate and latency per route:
/// <c>http.server.request.duration</c> with <c>http.route</c>) and the <c>Blueprint</c> meter and spans. Registered only
/// when an OTLP endpoint is configured: with none there is no tracer, no meter provider and no exporter.
/// </summary>
internal static class Telemetry
{
    public static void AddBlueprintTelemetry(this WebApplicationBuilder builder)
    {
        if (TelemetryOptions.Endpoint(builder.Configuration) is not { } endpoint)
        {
            return;
        }
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var protocol = options.OtlpProtocol switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new Hosting.SettingException($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.OtlpProtocol)} must be grpc or http/protobuf, not '{options.OtlpProtocol}'."),
        };
        void Otlp(OtlpExporterOptions o, string signal)
        {
            // With http/protobuf each signal has its own path under the collector's address.
            o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath is "/" ? new Uri(endpoint, signal) : endpoint;
            o.Protocol = protocol;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(t => t
                .AddSource(BlueprintMetrics.MeterName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddOtlpExporter(o => Otlp(o, "v1/traces")))
            .WithMetrics(m => m
                .AddMeter(BlueprintMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o => Otlp(o, "v1/metrics")));
    }
}
