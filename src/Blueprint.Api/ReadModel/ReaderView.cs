using Blueprint.Api.Auth;
using Blueprint.Api.Listings;
using Blueprint.Data.Directory;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// What one request may see of a snapshot, decided at read time as the database's query filters decide it
/// (Listings/ListingVisibility): overdue listings are left out by today's date unless the caller sees them
/// all (administrators, analysts, or hiding off) or they belong to the caller's own organisation. So a
/// provider is served from the same snapshot as the public, its own overdue listings included.
/// </summary>
public sealed partial class ReaderView(DirectorySnapshot snapshot, DateOnly? hiddenBefore, IReadOnlyList<int> ownOrganisations)
{
    public DirectorySnapshot Snapshot => snapshot;

    public bool Sees(Intervention i) => hiddenBefore is not { } cutoff || i.LastVerified >= cutoff || ownOrganisations.Contains(i.OrganisationId);

    /// <summary>The rows this caller may see, as an OData-ready in-memory query.</summary>
    public IQueryable<Intervention> Query(IEnumerable<Intervention> rows) =>
        InMemoryQuery.From(hiddenBefore is null ? rows : rows.Where(Sees));

    /// <summary>
    /// The view for this request, or null when it must go to the database: the read model is off or not
    /// current; a query option reaches an organisation's <c>Interventions</c> (a nested collection the
    /// database filters per caller and per day, which the shared object graph cannot); it divides
    /// (<c>div</c>, <c>mod</c>: SQL makes a division by zero null, C# throws); or it matches a regular expression.
    /// </summary>
    public static ReaderView? For(HttpContext http)
    {
        var readModel = http.RequestServices.GetRequiredService<DirectoryReadModel>();
        if (!readModel.Enabled || readModel.Current is not { } snapshot || NeedsDatabase(http.Request))
        {
            return null;
        }
        readModel.CountServed();
        var staleness = http.RequestServices.GetRequiredService<Staleness>();
        var user = http.User;
        var seesAll = !staleness.HidesOverdue || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Analyst);
        return new ReaderView(snapshot, seesAll ? null : staleness.HiddenBefore, user.ProviderOrganisations());
    }

    /// <summary>
    /// Whether the snapshot will answer this request (a GET of the interventions set, <c>InArea</c> or <c>Near</c>,
    /// or of the map's markers and counts, that <see cref="For"/> would serve): such a request does not take one of the database's query slots
    /// (Limits/QueryGate). A snapshot that stops being current in between only means one database query outside the gate.
    /// </summary>
    public static bool WillAnswer(HttpContext http)
    {
        var readModel = http.RequestServices.GetRequiredService<DirectoryReadModel>();
        return readModel.Enabled && readModel.Current is not null
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && SnapshotRoute().IsMatch(http.Request.Path.Value ?? "")
            && !string.Equals(http.Request.Query["includeDeleted"], "true", StringComparison.OrdinalIgnoreCase)
            && !NeedsDatabase(http.Request);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(/odata/Interventions(/(Blueprint\.)?(InArea|Near)\([^/]*\))?|/api/geo/(markers|counts|areas))/?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SnapshotRoute();

    /// <summary>Any mention in the query string, parameter aliases and string literals included: a false alarm costs a database query, nothing more.</summary>
    private static bool NeedsDatabase(HttpRequest request)
    {
        if (request.QueryString.Value is not { Length: > 0 } raw)
        {
            return false;
        }
        var query = Uri.UnescapeDataString(raw.Replace('+', ' '));
        return query.Contains(nameof(Organisation.Interventions), StringComparison.OrdinalIgnoreCase) || Dividing().IsMatch(query)
            // Regular expressions: the database cannot run them (a 400 there), C# can; the answer must not depend on the path.
            || query.Contains("matchesPattern", StringComparison.OrdinalIgnoreCase);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(div|divby|mod)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Dividing();
}
