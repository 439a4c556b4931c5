using OpenTelemetry.Trace;

namespace Blueprint.Api.Operations;

/// <summary>
/// Which requests are traced (docs/decisions/0049): each by chance with probability <c>OpenTelemetry:TraceSampleRatio</c>; a span
/// begun inside a request (a database command) follows the request's decision. A caller's <c>traceparent</c> header decides
/// nothing: neither its sampled flag nor its trace id (which a trace-id-ratio sampler would read, and which a caller chooses),
/// so no public caller can have all of its requests traced.
/// </summary>
internal sealed class TraceSampling(double ratio) : Sampler
{
    private static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    public static Sampler For(double ratio)
    {
        var chance = new TraceSampling(ratio);
        return new ParentBasedSampler(chance, remoteParentSampled: chance, remoteParentNotSampled: chance);
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        ratio >= 1 || (ratio > 0 && Random.Shared.NextDouble() < ratio) ? Sampled : Dropped;
}
