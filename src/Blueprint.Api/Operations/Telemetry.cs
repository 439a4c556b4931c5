using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Blueprint.Api.Operations;

/// <summary>
/// OpenTelemetry traces and metrics (docs/decisions/0037): ASP.NET Core's requests (rate and latency per route:
/// <c>http.server.request.duration</c> with <c>http.route</c>) and the <c>Blueprint</c> meter and spans. Registered only
/// when an OTLP endpoint is configured: with none there is no tracer, no meter provider and no exporter. Traces are
/// sampled (<see cref="TraceSampling"/>, decision 0049); metrics take only the hosting and Kestrel meters of ASP.NET Core,
/// not its per-request routing and rate-limiting instruments, which the hot cached path would pay for.
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
        if (options.TraceSampleRatio is not (>= 0 and <= 1))
        {
            throw new Hosting.SettingException(FormattableString.Invariant(
                $"{TelemetryOptions.Section}:{nameof(TelemetryOptions.TraceSampleRatio)} must be a number from 0 to 1 (0.1 traces one request in ten), not {options.TraceSampleRatio}."));
        }
        void Otlp(OtlpExporterOptions o, string signal)
        {
            // With http/protobuf each signal has its own path under the collector's address.
            o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath is "/" ? new Uri(endpoint, signal) : endpoint;
            o.Protocol = protocol;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(t => t
                .SetSampler(TraceSampling.For(options.TraceSampleRatio))
                .AddSource(BlueprintMetrics.MeterName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddOtlpExporter(o => Otlp(o, "v1/traces")))
            .WithMetrics(m => m
                .AddMeter(BlueprintMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter(o => Otlp(o, "v1/metrics")));
    }
}
