using System.Globalization;
using Blueprint.Api.Listings;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Feeds;

/// <summary>
/// <c>GET /api/changes?since=T(&amp;kind=K)(&amp;top=N)</c>: what left the public directory, or stopped running, after T
/// (decision 0034). Each item is a tombstone with only kind, public id, status and time, oldest first. Two sources:
/// the <c>DirectoryChanges</c> table, and listings hidden for want of verification, derived from the calendar.
/// Pages never split one instant (so <c>since</c> = the last item's time is an exact cursor); <c>nextLink</c>
/// carries on. Public, like the directory itself.
/// </summary>
public static class ChangeFeed
{
    public const int DefaultTop = 200;
    public const int MaxTop = 1000;
    private static readonly HashSet<string> Parameters = new(StringComparer.OrdinalIgnoreCase) { "since", "kind", "top" };

    public sealed record Tombstone(string Kind, Guid Id, string Status, DateTime At);

    public sealed record Page(DateTime Since, DateTime Until, IReadOnlyList<Tombstone> Value, string? NextLink);

    public static void MapChangeFeed(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/changes", ReadAsync).AllowAnonymous().WithTags("Feeds");

    private static async Task<IResult> ReadAsync(HttpContext http, BlueprintDb db, Staleness staleness, CancellationToken ct)
    {
        var query = http.Request.Query;
        if (query.Keys.FirstOrDefault(k => !Parameters.Contains(k)) is { } unknown)
        {
            return ListingErrors.Result(400, "UnknownParameter", $"'{unknown}' is not a parameter of /api/changes (since, kind, top).");
        }
        var since = DateTime.MinValue;
        if (query.TryGetValue("since", out var sinceText)
            && !TryParseTime(sinceText.ToString(), out since))
        {
            return ListingErrors.Result(400, "BadSince", "since must be a date and time with its offset, such as 2026-01-01T00:00:00Z.");
        }
        string? kind = query.TryGetValue("kind", out var kindText) ? kindText.ToString() : null;
        if (kind is not null && !DirectoryChangeKinds.All.Contains(kind))
        {
            return ListingErrors.Result(400, "BadKind", $"kind must be one of {string.Join(", ", DirectoryChangeKinds.All)}.");
        }
        var top = DefaultTop;
        if (query.TryGetValue("top", out var topText)
            && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            return ListingErrors.Result(400, "BadTop", $"top must be a whole number from 1 to {MaxTop}.");
        }

        var now = staleness.Now;
        var sources = new Sources(db, staleness, kind, now);
        var first = (await sources.AfterAsync(since, top + 1, ct)).Take(top + 1).ToList();
        string? next = null;
        var until = now;
        if (first.Count > top)
        {
            // Close the page on a whole instant: everything at the last kept time, nothing after it.
            var last = first[top - 1].At;
            first = [.. first.Where(t => t.At < last), .. await sources.AtAsync(last, ct)];
            until = last;
            if (await sources.AnyAfterAsync(last, ct))
            {
                next = Link(http, last, kind, query.ContainsKey("top") ? top : null);
            }
        }
        return Results.Ok(new Page(since, until, first, next));
    }

    /// <summary>Times are stored as UTC without a kind (SQLite): say so, so that they are written with their Z.</summary>
    internal static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>Parses a time with an explicit offset (or Z) into UTC.</summary>
    internal static bool TryParseTime(string text, out DateTime utc)
    {
        utc = default;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            || !(text.EndsWith('Z') || text.EndsWith("z", StringComparison.Ordinal) || text.LastIndexOfAny(['+', '-']) > 10))
        {
            return false;
        }
        utc = value.UtcDateTime;
        return true;
    }

    private static string Link(HttpContext http, DateTime since, string? kind, int? top)
    {
        var request = http.Request;
        var link = $"{request.Scheme}://{request.Host}{request.PathBase}/api/changes?since={Uri.EscapeDataString(Utc(since).ToString("O", CultureInfo.InvariantCulture))}";
        if (kind is not null)
        {
            link += $"&kind={kind}";
        }
        return top is { } t ? link + $"&top={t.ToString(CultureInfo.InvariantCulture)}" : link;
    }

    /// <summary>The two sources of tombstones, one kind or all, up to <c>now</c>.</summary>
    private sealed class Sources(BlueprintDb db, Staleness staleness, string? kind, DateTime now)
    {
        /// <summary>Listings last verified before this were hidden before now (none when hiding is off).</summary>
        private bool Overdue => staleness.HidesOverdue && kind is null or DirectoryChangeKinds.Intervention;

        private int HiddenAfterDays => staleness.Options.StaleAfterDays + staleness.Options.HideAfterOverdueDays + 1;

        /// <summary>When a listing last verified on <paramref name="verified"/> left public view.</summary>
        private DateTime HiddenAt(DateOnly verified) => verified.AddDays(HiddenAfterDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        /// <summary>The first listing verification day hidden strictly after <paramref name="since"/>.</summary>
        private DateOnly FirstVerifiedHiddenAfter(DateTime since) =>
            since <= DateTime.MinValue.AddDays(HiddenAfterDays + 1) ? DateOnly.MinValue : DateOnly.FromDateTime(since).AddDays(1 - HiddenAfterDays);

        private IQueryable<DirectoryChange> Table(Func<IQueryable<DirectoryChange>, IQueryable<DirectoryChange>> where)
        {
            var rows = db.DirectoryChanges.AsNoTracking().Where(c => c.At <= now);
            return where(kind is null ? rows : rows.Where(c => c.Kind == kind));
        }

        private IQueryable<Intervention> Hidden()
        {
            var hiddenBefore = staleness.HiddenBefore;
            return db.Interventions.IgnoreQueryFilters().AsNoTracking().Where(i => i.ClosedAt == null && i.LastVerified < hiddenBefore);
        }

        public async Task<List<Tombstone>> AfterAsync(DateTime since, int take, CancellationToken ct)
        {
            var rows = await Table(q => q.Where(c => c.At > since).OrderBy(c => c.At).ThenBy(c => c.Id).Take(take))
                .Select(c => new Tombstone(c.Kind, c.PublicId, c.Status, Utc(c.At))).ToListAsync(ct);
            if (Overdue)
            {
                var from = FirstVerifiedHiddenAfter(since);
                var hidden = await Hidden().Where(i => i.LastVerified >= from).OrderBy(i => i.LastVerified).Take(take)
                    .Select(i => new { i.PublicId, i.LastVerified }).ToListAsync(ct);
                rows.AddRange(hidden.Select(h => new Tombstone(DirectoryChangeKinds.Intervention, h.PublicId, DirectoryChangeStatuses.Hidden, HiddenAt(h.LastVerified))));
            }
            return Ordered(rows);
        }

        public async Task<List<Tombstone>> AtAsync(DateTime at, CancellationToken ct)
        {
            var rows = await Table(q => q.Where(c => c.At == at)).Select(c => new Tombstone(c.Kind, c.PublicId, c.Status, Utc(c.At))).ToListAsync(ct);
            if (Overdue && at.TimeOfDay == TimeSpan.Zero)
            {
                var verified = DateOnly.FromDateTime(at).AddDays(-HiddenAfterDays);
                var hidden = await Hidden().Where(i => i.LastVerified == verified).Select(i => i.PublicId).ToListAsync(ct);
                rows.AddRange(hidden.Select(id => new Tombstone(DirectoryChangeKinds.Intervention, id, DirectoryChangeStatuses.Hidden, at)));
            }
            return Ordered(rows);
        }

        public async Task<bool> AnyAfterAsync(DateTime at, CancellationToken ct)
        {
            var from = FirstVerifiedHiddenAfter(at);
            return await Table(q => q.Where(c => c.At > at)).AnyAsync(ct)
                || (Overdue && await Hidden().Where(i => i.LastVerified >= from).AnyAsync(ct));
        }

        private static List<Tombstone> Ordered(List<Tombstone> rows) =>
            [.. rows.OrderBy(t => t.At).ThenBy(t => t.Kind, StringComparer.Ordinal).ThenBy(t => t.Id.ToString(), StringComparer.Ordinal)];
    }
}
