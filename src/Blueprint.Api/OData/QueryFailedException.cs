using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Blueprint.Api.OData;

/// <summary>
/// A caller's query that failed while it was being evaluated: EF could not translate it (an
/// <c>$expand</c> that needs SQL APPLY on SQLite), the database refused the statement (division by zero
/// on SQL Server), or evaluating it in memory threw (a function on a null, <c>div 0</c>). The caller
/// gets a 400 with the OData error body (see <c>ErrorHandler</c>), never a 500.
/// </summary>
public sealed class QueryFailedException(string reason, Exception inner) : Exception(reason, inner)
{
    /// <summary>
    /// The failure as the caller's <see cref="QueryFailedException"/> when <paramref name="exception"/>,
    /// thrown while evaluating the query options, is one a query can cause; otherwise null (a database
    /// that is down, busy or timing out is the server's problem, not the query's).
    /// </summary>
    public static QueryFailedException? From(Exception exception)
    {
        var failure = Unwrap(exception);
        if (failure is InvalidOperationException { InnerException: { } cause } && From(cause) is { } evaluated)
        {
            // EF evaluates constant parts of a query before translating it: substring('%',-1) fails there.
            return evaluated;
        }
        string? reason = failure switch
        {
            QueryFailedException => null,
            DivideByZeroException => "it divides by zero",
            ArithmeticException => "a calculation in it overflows",
            NullReferenceException => "it applies an operator or function to a null value",
            InvalidCastException or FormatException => "it converts a value to a type it cannot have",
            ArgumentException or IndexOutOfRangeException => "a function in it gets an argument out of range",
            InvalidOperationException e when e.Message.Contains("translat", StringComparison.OrdinalIgnoreCase) || ThrownCompiling(e) =>
                "the database cannot run this shape of query (simplify the $expand, $filter or $orderby)",
            // 1.5 mod 0 is NaN, which SQLite cannot take as a parameter.
            InvalidOperationException { Source: "Microsoft.Data.Sqlite" } e when e.Message.Contains("NaN", StringComparison.Ordinal) =>
                "a calculation in it has no numeric result",
            InvalidOperationException e when e.Message.Contains("Nullable object", StringComparison.Ordinal) =>
                "it applies an operator or function to a null value",
            // SQLITE_ERROR (a statement error), TOOBIG, MISMATCH, RANGE; not BUSY, LOCKED, IOERR, FULL …
            SqliteException { SqliteErrorCode: 1 or 18 or 20 or 25 } => "the database refused it",
            // Severities 11–16 are errors the user can correct (arithmetic, conversion, overflow).
            SqlException { Class: >= 11 and <= 16 } => "the database refused it",
            _ => null,
        };
        return reason is null ? null : new QueryFailedException($"This query could not be evaluated: {reason}.", failure);
    }

    /// <summary>Evaluates a caller's query in memory: a failure the query caused is thrown as the caller's <see cref="QueryFailedException"/>.</summary>
    public static T Evaluating<T>(Func<T> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (Exception e) when (From(e) is { } failed)
        {
            throw failed;
        }
    }

    /// <summary>
    /// Thrown while EF compiled the query into SQL (or built its expression tree), not while it talked to
    /// the database: e.g. EF's simplifier rebuilding <c>(b or 'x' ne null) and …</c> with mismatched types.
    /// </summary>
    private static bool ThrownCompiling(Exception e) => e.TargetSite?.DeclaringType?.Namespace is { } ns
        && (ns.StartsWith("System.Linq.Expressions", StringComparison.Ordinal)
            || (ns.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && ns.Contains(".Query", StringComparison.Ordinal)));

    private static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        _ => exception,
    };

    /// <summary>For logs: the innermost failure's type, without its message (which may quote data).</summary>
    public string FailureType => InnerException?.GetType().Name ?? nameof(QueryFailedException);
}
