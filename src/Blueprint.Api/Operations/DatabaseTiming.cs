using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Api.Operations;

/// <summary>
/// Database time: every command EF Core runs is measured (<c>blueprint.db.command.duration</c>) and, while a tracer
/// listens, becomes a span under the request's. Built on EF Core's own interceptor, whose timings are stable API.
/// </summary>
internal sealed class DatabaseTiming(BlueprintMetrics metrics) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        Measured("query", command, eventData, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Measured("query", command, eventData, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) =>
        Measured("write", command, eventData, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Measured("write", command, eventData, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) =>
        Measured("scalar", command, eventData, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Measured("scalar", command, eventData, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Record("failed", command, eventData.StartTime, eventData.Duration, failed: true);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record("failed", command, eventData.StartTime, eventData.Duration, failed: true);
        return Task.CompletedTask;
    }

    private T Measured<T>(string operation, DbCommand command, CommandExecutedEventData eventData, T result)
    {
        Record(operation, command, eventData.StartTime, eventData.Duration, failed: false);
        return result;
    }

    private void Record(string operation, DbCommand command, DateTimeOffset start, TimeSpan duration, bool failed)
    {
        metrics.DatabaseCommand(duration, operation, failed);
        // No span under a request that is not traced (most are not: decision 0049): it would be made only to be dropped.
        if (!BlueprintMetrics.Traces.HasListeners() || Activity.Current is { Recorded: false })
        {
            return;
        }
        // The span is written after the fact, with the command's own start and duration. The statement text is left
        // out: it may carry values a person typed.
        using var span = BlueprintMetrics.Traces.StartActivity("db " + operation, ActivityKind.Client,
            Activity.Current?.Context ?? default, startTime: start);
        if (span is null)
        {
            return;
        }
        span.SetTag("db.system", command.GetType().Namespace?.Contains("Sqlite", StringComparison.Ordinal) == true ? "sqlite" : "mssql");
        span.SetTag("db.operation", operation);
        if (failed)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }
        span.SetEndTime((start + duration).UtcDateTime);
    }
}
