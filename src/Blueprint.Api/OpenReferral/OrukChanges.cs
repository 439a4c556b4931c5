using System.Linq.Expressions;
using Blueprint.Data.Directory;

namespace Blueprint.Api.OpenReferral;

/// <summary>
/// The one place that says when a record last changed for the public: a service's <c>last_modified</c> and
/// what <c>modified_after</c> compares. Everything else reads it from here.
/// </summary>
public static class OrukChanges
{
    /// <summary>When the listing last changed in a way the public can see.</summary>
    public static readonly Expression<Func<Intervention, DateTime>> LastModified = i => i.PublicModifiedAt;

    private static readonly Func<Intervention, DateTime> Compiled = LastModified.Compile();

    public static DateTime LastModifiedOf(Intervention i) => Compiled(i);

    /// <summary>Listings changed at or after <paramref name="since"/> (UTC).</summary>
    public static Expression<Func<Intervention, bool>> ModifiedSince(DateTime since)
    {
        var p = LastModified.Parameters[0];
        // Through a closure-like holder, so the database sees a parameter rather than a new constant per request.
        var value = Expression.Property(Expression.Constant(new Since(since)), nameof(Since.Value));
        return Expression.Lambda<Func<Intervention, bool>>(Expression.GreaterThanOrEqual(LastModified.Body, value), p);
    }

    private sealed record Since(DateTime Value);

    /// <summary>Organisations changed at or after <paramref name="since"/> (UTC).</summary>
    public static readonly Func<DateTime, Expression<Func<Organisation, bool>>> OrganisationsSince = since => o => o.PublicModifiedAt >= since;
}
