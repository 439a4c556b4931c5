using System.Globalization;
using System.Text;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Microsoft.OData;

namespace Blueprint.Api.Listings;

/// <summary>
/// ETags and If-Match for listing writes. The ETag is the record's app-managed <c>Version</c> in the OData
/// library's own format (the same as <c>@odata.etag</c> in every read), so a client sends back what it read.
/// A stale one is answered with who changed what since, from the audit trail.
/// </summary>
public static class ListingVersions
{
    /// <summary>The library's format: a weak tag holding the base64 of the version's OData literal (version 1: <c>W/"MQ=="</c>).</summary>
    public static string ETagOf(long version) =>
        $"W/\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(ODataUriUtils.ConvertToUriLiteral(version, ODataVersion.V4)))}\"";

    /// <summary>The version an If-Match header names: null when there is none; -1 when it cannot be read.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (header.Length == 0)
        {
            return null;
        }
        if (header.Trim() == "*")
        {
            return long.MaxValue;
        }
        try
        {
            var tag = EntityTagHeaderValue.Parse(header.Trim()).Tag.Value?.Trim('"') ?? "";
            var literal = Encoding.UTF8.GetString(Convert.FromBase64String(tag));
            return long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version) && version >= 0 ? version : -1;
        }
        catch (FormatException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Null when the write may go ahead; otherwise the 428 (no If-Match), 400 (unreadable) or 412 (stale, with who
    /// changed what since) to answer, worded in the request's language. <c>If-Match: *</c> matches any version.
    /// </summary>
    public static async Task<(int Status, string Code, string Message, IReadOnlyList<ListingErrorDetail>? Details)?> CheckAsync(
        BlueprintDb db, HttpRequest request, string entityType, int id, long current, CancellationToken ct)
    {
        var language = Hosting.RequestLanguage.Of(request);
        var sent = IfMatch(request);
        if (sent is null)
        {
            return (428, "PreconditionRequired", language == "cy"
                ? $"Anfonwch If-Match gyda'r ETag a ddarllenoch (GET: y pennyn ETag neu @odata.etag, {ETagOf(current)} nawr), fel nad oes newid neb arall yn cael ei drosysgrifo."
                : $"Send If-Match with the ETag you read (GET it: the ETag header or @odata.etag, now {ETagOf(current)}), so that no one else's change is overwritten.", null);
        }
        if (sent == -1)
        {
            return (400, "BadETag", language == "cy"
                ? "Nid oes ETag o'r API hwn yn If-Match (fel W/\"MQ==\" o @odata.etag)."
                : "If-Match does not hold an ETag of this API (such as W/\"MQ==\" from @odata.etag).", null);
        }
        if (sent == long.MaxValue || sent == current)
        {
            return null;
        }
        var (message, details) = await ChangedSinceAsync(db, entityType, id, sent.Value, current, language, ct);
        return (412, "PreconditionFailed", message, details);
    }

    /// <summary>
    /// Saves; a change someone else saved between our read and this save (the version no longer matches) is
    /// answered as a stale If-Match is: 412 with who changed what. Null when saved.
    /// </summary>
    public static async Task<Microsoft.AspNetCore.Mvc.ObjectResult?> SaveAsync(BlueprintDb db, string entityType, int id, long versionRead, string language, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = entityType == AuditEntities.Venue
                ? await db.VenueRecords.Where(v => v.Id == id).Select(v => (long?)v.Version).FirstOrDefaultAsync(ct)
                : await db.Interventions.IgnoreQueryFilters().Where(i => i.Id == id).Select(i => (long?)i.Version).FirstOrDefaultAsync(ct);
            if (current is null)
            {
                return ListingErrors.Error(404, "NotFound", language == "cy" ? $"Cafodd {WelshWithArticle(entityType)} ei ddileu yn y cyfamser." : $"The {entityType} was deleted meanwhile.");
            }
            var (message, details) = await ChangedSinceAsync(db, entityType, id, versionRead, current.Value, language, ct);
            return ListingErrors.Error(412, "PreconditionFailed", message, details);
        }
    }

    /// <summary>
    /// Who changed the record, when and which fields, after <paramref name="since"/> (from the audit trail), in
    /// <paramref name="language"/> ("cy" or "en"; field names stay as the API spells them).
    /// </summary>
    public static async Task<(string Message, IReadOnlyList<ListingErrorDetail> Details)> ChangedSinceAsync(
        BlueprintDb db, string entityType, int id, long since, long current, string language, CancellationToken ct)
    {
        var cy = language == "cy";
        var changes = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == id && a.Version > since)
            .OrderBy(a => a.Id)
            .Select(a => new { a.At, a.ActorName, a.ActorId, a.Route, a.Fields })
            .Take(20)
            .ToListAsync(ct);
        var what = (changes.Count == 0, cy) switch
        {
            (true, false) => "no change is recorded in the audit trail",
            (true, true) => "nid oes newid wedi'i gofnodi yn y trywydd archwilio",
            (false, false) => string.Join("; ", changes.Select(c => $"{c.ActorName} ({c.Route}) changed {c.Fields.Replace(",", ", ", StringComparison.Ordinal)} at {c.At:yyyy-MM-dd HH:mm} UTC")),
            (false, true) => string.Join("; ", changes.Select(c => $"newidiodd {c.ActorName} ({c.Route}) {c.Fields.Replace(",", ", ", StringComparison.Ordinal)} am {c.At:yyyy-MM-dd HH:mm} UTC")),
        };
        var details = changes
            .SelectMany(c => c.Fields.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(f => new ListingErrorDetail("ChangedSince", f, cy
                ? $"Newidiwyd gan {c.ActorName} am {c.At:yyyy-MM-dd HH:mm} UTC."
                : $"Changed by {c.ActorName} at {c.At:yyyy-MM-dd HH:mm} UTC.")))
            .ToList();
        var message = cy
            ? $"Mae'r {Welsh(entityType)} hwn wedi newid ers eich copi chi (fersiwn {since} yw eich ETag, {current} yw'r fersiwn gyfredol, ETag {ETagOf(current)}): {what}. "
                + "Darllenwch ef eto, gwnewch eich newid i'r fersiwn gyfredol ac anfonwch ei ETag."
            : $"This {entityType} has changed since your copy (your ETag is version {since}, the current one {current}, ETag {ETagOf(current)}): {what}. "
                + "Read it again, apply your change to the current version and send its ETag.";
        return (message, details);
    }

    /// <summary>A listing's kind in Welsh after "the": "yr" before a vowel ("yr ymyriad"), "y" otherwise ("y lleoliad").</summary>
    private static string WelshWithArticle(string entityType) =>
        Welsh(entityType) is var noun && "aeiouwy".Contains(noun[0], StringComparison.Ordinal) ? "yr " + noun : "y " + noun;

    /// <summary>A listing's kind in Welsh (both masculine nouns: "y lleoliad hwn", "yr ymyriad hwn").</summary>
    private static string Welsh(string entityType) => entityType switch
    {
        AuditEntities.Intervention => "ymyriad",
        AuditEntities.Venue => "lleoliad",
        AuditEntities.Organisation => "sefydliad",
        _ => entityType,
    };
}
