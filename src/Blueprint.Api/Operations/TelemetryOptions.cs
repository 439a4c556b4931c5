namespace Blueprint.Api.Operations;

/// <summary>
/// Configuration section <c>OpenTelemetry</c>. Nothing is exported unless an endpoint is named here or in the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable: then traces and metrics go there over OTLP.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>An OTLP collector, e.g. <c>http://collector:4317</c> (gRPC) or <c>http://collector:4318</c> with <c>OtlpProtocol=http/protobuf</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> every span and metric carries.</summary>
    public string ServiceName { get; set; } = "blueprint";

    /// <summary>
    /// The share of requests traced, 0 to 1 (default 0.1: one in ten; 1 traces every request, 0 none). Metrics count every
    /// request whatever this is. A caller's <c>traceparent</c> header does not change it (docs/decisions/0049).
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.1;

    /// <summary>The endpoint in force: this section's, else the standard environment variable's; null means telemetry is off.</summary>
    public static Uri? Endpoint(IConfiguration config)
    {
        var value = config[$"{Section}:{nameof(OtlpEndpoint)}"] is { Length: > 0 } own ? own : config["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new Hosting.SettingException($"{Section}:{nameof(OtlpEndpoint)} must be an http or https address such as http://collector:4317, not '{value}'.");
    }
}
