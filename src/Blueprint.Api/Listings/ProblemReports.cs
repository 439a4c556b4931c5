using Blueprint.Api.OData;
using System.Security.Claims;
using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// "Report a problem with this listing": anyone may send one (rate-limited per client address,
/// <c>RateLimits:ProblemReportsPerHour</c>); nothing about the sender is stored but an e-mail they chose to
/// give. Admins see every report and close it as resolved or dismissed with a note; a provider sees the
/// reports about its own organisations' listings. A report never changes the listing.
/// </summary>
internal static class ProblemReports
{
    public sealed record NewReport(string? Category, string? Details, string? ContactEmail);

    public sealed record Closing(string? Status, string? Note);

    public static void MapProblemReports(this WebApplication app)
    {
        app.MapPost("/api/listings/{publicId:guid}/problems", SendAsync);
        var manage = app.MapGroup("/api/problems").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Provider));
        manage.MapGet("", ListAsync);
        manage.MapPost("/{id:int}/close", CloseAsync).RequireAuthorization(Policies.Admin);
    }

    private static async Task<IResult> SendAsync(Guid publicId, NewReport? report, BlueprintDb db, Staleness staleness, CancellationToken ct)
    {
        var category = report?.Category?.Trim();
        if (category is null || !ProblemCategories.All.Contains(category))
        {
            return ErrorBody.Result(400, "BadCategory", $"category must be one of: {string.Join(", ", ProblemCategories.All)}.");
        }
        var details = string.IsNullOrWhiteSpace(report!.Details) ? null : report.Details.Trim();
        if (details?.Length > ProblemReport.MaxDetails)
        {
            return ErrorBody.Result(400, "DetailsTooLong", $"details is limited to {ProblemReport.MaxDetails} characters.");
        }
        if (category == ProblemCategories.Other && details is null)
        {
            return ErrorBody.Result(400, "DetailsRequired", "details must say what is wrong when the category is 'other'.");
        }
        var email = string.IsNullOrWhiteSpace(report.ContactEmail) ? null : report.ContactEmail.Trim();
        if (email is not null && (email.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(email, out _)))
        {
            return ErrorBody.Result(400, "BadContactEmail", "contactEmail is optional; when given it must be an e-mail address.");
        }
        // Only a listing the caller can see (an overdue one is hidden from the public).
        var listing = await db.Interventions.Where(i => i.PublicId == publicId).Select(i => (int?)i.Id).SingleOrDefaultAsync(ct);
        if (listing is null)
        {
            return ErrorBody.Result(404, "UnknownListing", "There is no such listing.");
        }
        db.ProblemReports.Add(new ProblemReport
        {
            InterventionId = listing.Value, Category = category, Details = details, ContactEmail = email, CreatedAt = staleness.Now,
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted((string?)null, new { received = true, category });
    }

    private static async Task<IResult> ListAsync(string? status, ClaimsPrincipal user, BlueprintDb db, CancellationToken ct)
    {
        var reports = db.ProblemReports.AsNoTracking();
        if (!user.IsInRole(Roles.Admin))
        {
            var organisations = user.ProviderOrganisations();
            reports = reports.Where(r => db.Interventions.IgnoreQueryFilters().Any(i => i.Id == r.InterventionId && organisations.Contains(i.OrganisationId)));
        }
        if (!string.IsNullOrEmpty(status))
        {
            reports = reports.Where(r => r.Status == status);
        }
        var rows = await reports.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Join(db.Interventions.IgnoreQueryFilters(), r => r.InterventionId, i => i.Id, (r, i) => new
            {
                id = r.Id, listing = new { id = i.Id, publicId = i.PublicId, name = i.Name, nameCy = i.NameCy }, organisationId = i.OrganisationId,
                category = r.Category, details = r.Details, contactEmail = r.ContactEmail, createdAt = r.CreatedAt,
                status = r.Status, resolutionNote = r.ResolutionNote, resolvedAt = r.ResolvedAt, resolvedBy = r.ResolvedBy,
            })
            .Take(1000).ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<IResult> CloseAsync(int id, Closing? closing, ClaimsPrincipal user, BlueprintDb db, Staleness staleness, CancellationToken ct)
    {
        if (closing?.Status is not (ProblemStatus.Resolved or ProblemStatus.Dismissed))
        {
            return ErrorBody.Result(400, "BadStatus", $"status must be '{ProblemStatus.Resolved}' or '{ProblemStatus.Dismissed}'.");
        }
        if (closing.Note?.Length > ProblemReport.MaxDetails)
        {
            return ErrorBody.Result(400, "NoteTooLong", $"note is limited to {ProblemReport.MaxDetails} characters.");
        }
        var report = await db.ProblemReports.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return ErrorBody.Result(404, "UnknownReport", "There is no such problem report.");
        }
        report.Status = closing.Status;
        report.ResolutionNote = string.IsNullOrWhiteSpace(closing.Note) ? null : closing.Note.Trim();
        report.ResolvedAt = staleness.Now;
        report.ResolvedBy = user.Identity?.Name;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new { id = report.Id, status = report.Status, resolutionNote = report.ResolutionNote, resolvedAt = report.ResolvedAt });
    }

}
