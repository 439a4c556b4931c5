using System.Diagnostics;
using System.Diagnostics.Metrics;
using Blueprint.Ingest.Staging;

namespace Blueprint.Api.Operations;

/// <summary>
/// The project's own instruments, on the meter <c>Blueprint</c> (made by the host's <see cref="IMeterFactory"/>, so each
/// host has its own). Request rate and latency per route come from ASP.NET Core's <c>http.server.request.duration</c>;
/// these add what the framework cannot see. Recording costs next to nothing while no exporter listens.
/// </summary>
public sealed class BlueprintMetrics
{
    public const string MeterName = "Blueprint";

    /// <summary>Spans for the database commands (the EF Core instrumentation is a beta: docs/decisions/0037).</summary>
    public static readonly ActivitySource Traces = new(MeterName);

    private readonly Counter<long> cacheLookups;
    private readonly Counter<long> refusals;
    private readonly Histogram<double> databaseTime;
    private readonly Counter<long> importRows;
    private readonly Histogram<double> importDuration;
    private readonly Histogram<double> importRate;

    public BlueprintMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        cacheLookups = meter.CreateCounter<long>("blueprint.cache.lookups", "{lookup}",
            "Cacheable directory reads, by result: hit (served from the output cache) or miss (computed).");
        refusals = meter.CreateCounter<long>("blueprint.rate_limit.refusals", "{request}",
            "Requests refused with 429 by the rate and cost limits, by limit.");
        databaseTime = meter.CreateHistogram<double>("blueprint.db.command.duration", "s",
            "Time a database command took to execute (for a query: until its first row was ready).");
        importRows = meter.CreateCounter<long>("blueprint.import.rows", "{row}", "Survey rows read by uploads through the API.");
        importDuration = meter.CreateHistogram<double>("blueprint.import.duration", "s", "Time a survey import took, from opening the file to the commit.");
        importRate = meter.CreateHistogram<double>("blueprint.import.rate", "{row}/s", "Rows per second of each survey import.");
    }

    public void CacheHit() => cacheLookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    public void CacheMiss() => cacheLookups.Add(1, new KeyValuePair<string, object?>("result", "miss"));

    /// <param name="limit">Which limit refused it: uncached, expensive, problem reports, busy.</param>
    public void Refused(string limit) => refusals.Add(1, new KeyValuePair<string, object?>("limit", limit));

    // Boxed once: a tag's value is an object, and the database time is recorded for every command.
    private static readonly object True = true, False = false;

    public void DatabaseCommand(TimeSpan duration, string operation, bool failed) =>
        databaseTime.Record(duration.TotalSeconds, new("db.operation", operation), new("error", failed ? True : False));

    public void Import(ImportReport report)
    {
        if (!report.Processed || report.AlreadyImported)
        {
            return;
        }
        var kind = new KeyValuePair<string, object?>("dry_run", report.DryRun);
        importRows.Add(report.RowsRead, kind);
        importDuration.Record(report.Seconds, kind);
        if (report.Seconds > 0)
        {
            importRate.Record(report.RowsRead / report.Seconds, kind);
        }
    }
}
