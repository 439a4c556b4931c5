using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Operations;

/// <summary>What one host's <c>Blueprint</c> meter recorded (a MeterListener that ignores every other host in the process).</summary>
internal sealed class MeasuredInstruments : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements = new();

    public MeasuredInstruments(WebApplicationFactory<Program> host)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Blueprint" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Keep(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Keep(i, value, tags));
        listener.Start();
    }

    /// <summary>The sum of an instrument's measurements whose tags include the given one (all of them with no tag given).</summary>
    public double Sum(string instrument, string? tag = null, object? value = null) => measurements
        .Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value)))
        .Sum(m => m.Value);

    public int Count(string instrument) => measurements.Count(m => m.Instrument == instrument);

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        measurements.Enqueue((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));

    public void Dispose() => listener.Dispose();
}
