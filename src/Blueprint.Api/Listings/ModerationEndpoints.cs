using System.Security.Claims;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// <c>/api/moderation</c>: administrators list the queue (with diffs), approve or reject; providers read their own
/// organisations' items, their state and any reason. An organisation's setting (edits wait or publish at once) is
/// read and set here by administrators.
/// </summary>
public static class ModerationEndpoints
{
    public sealed record Rejection(string? Reason);
    public sealed record Setting(bool EditsWaitForApproval);

    public static void MapModeration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/moderation").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Provider)).WithTags("Moderation");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:int}", GetAsync);
        var admin = app.MapGroup("/api/moderation").RequireAuthorization(Policies.Admin).WithTags("Moderation");
        admin.MapPost("/{id:int}/approve", ApproveAsync);
        admin.MapPost("/{id:int}/reject", RejectAsync);
        admin.MapGet("/organisations/{id:int}", GetSettingAsync);
        admin.MapPut("/organisations/{id:int}", SetSettingAsync);
    }

    private static async Task<IResult> ListAsync(BlueprintDb db, ModerationQueue queue, ClaimsPrincipal user, string? state, int? organisation, CancellationToken ct)
    {
        var items = Visible(db, user);
        if (state is { Length: > 0 })
        {
            items = items.Where(m => m.State == state);
        }
        if (organisation is { } org)
        {
            items = items.Where(m => m.OrganisationId == org);
        }
        var list = await items.OrderByDescending(m => m.Id).Take(500).ToListAsync(ct);
        var views = new List<ModerationView>(list.Count);
        foreach (var item in list)
        {
            views.Add(await queue.ViewAsync(item, ct));
        }
        return Results.Ok(new { items = views });
    }

    private static async Task<IResult> GetAsync(int id, BlueprintDb db, ModerationQueue queue, ClaimsPrincipal user, CancellationToken ct) =>
        await Visible(db, user).FirstOrDefaultAsync(m => m.Id == id, ct) is { } item
            ? Results.Ok(await queue.ViewAsync(item, ct))
            : NotFound(id);

    private static async Task<IResult> ApproveAsync(int id, BlueprintDb db, ModerationQueue queue, ClaimsPrincipal user, IOutputCacheStore cache, HttpRequest request, CancellationToken ct)
    {
        var language = RequestLanguage.Of(request);
        if (await db.ModerationItems.FirstOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return NotFound(id, language);
        }
        if (await queue.ApproveAsync(item, user, language, ct) is { } refused)
        {
            return ListingErrors.Result(refused.Status, refused.Code, refused.Message, refused.Details);
        }
        await DirectoryCache.InvalidateAsync(cache, CancellationToken.None);
        return Results.Ok(await queue.ViewAsync(item, ct));
    }

    private static async Task<IResult> RejectAsync(int id, Rejection? body, BlueprintDb db, ModerationQueue queue, ClaimsPrincipal user, HttpRequest request, CancellationToken ct)
    {
        var language = RequestLanguage.Of(request);
        var cy = language == "cy";
        if (await db.ModerationItems.FirstOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return NotFound(id, language);
        }
        if (body?.Reason?.Trim() is not { Length: > 0 and <= 2000 } reason)
        {
            return ListingErrors.Result(400, "ValidationFailed", cy ? "Rhowch reswm i'r darparwr (1 i 2,000 nod)." : "Give the provider a reason (1 to 2,000 characters).",
                [new ListingErrorDetail("Required", "reason", cy ? "Dywedwch pam y gwrthodir y newid: bydd y darparwr yn ei ddarllen." : "Say why the change is rejected: the provider reads it.")]);
        }
        if (item.State != ModerationStates.Pending)
        {
            return ListingErrors.Result(409, "AlreadyDecided", ModerationQueue.AlreadyDecided(item, language));
        }
        await queue.RejectAsync(item, user, reason, ct);
        return Results.Ok(await queue.ViewAsync(item, ct));
    }

    private static async Task<IResult> GetSettingAsync(int id, BlueprintDb db, CancellationToken ct) =>
        await db.Organisations.Where(o => o.Id == id).Select(o => new Setting(o.EditsWaitForApproval)).FirstOrDefaultAsync(ct) is { } setting
            ? Results.Ok(setting)
            : ListingErrors.Result(404, "NotFound", $"There is no organisation {id}.");

    private static async Task<IResult> SetSettingAsync(int id, Setting setting, BlueprintDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct) is not { } organisation)
        {
            return ListingErrors.Result(404, "NotFound", $"There is no organisation {id}.");
        }
        organisation.EditsWaitForApproval = setting.EditsWaitForApproval;
        db.Actor = user.Actor("moderation-setting");
        await db.SaveChangesAsync(ct);
        return Results.Ok(new Setting(organisation.EditsWaitForApproval));
    }

    /// <summary>Every item for an administrator; a provider's own organisations' items only.</summary>
    private static IQueryable<ModerationItem> Visible(BlueprintDb db, ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Admin))
        {
            return db.ModerationItems.AsNoTracking();
        }
        var organisations = user.ProviderOrganisations().ToArray();
        return db.ModerationItems.AsNoTracking().Where(m => organisations.Contains(m.OrganisationId));
    }

    private static IResult NotFound(int id, string language = "en") => ListingErrors.Result(404, "NotFound", language == "cy"
        ? $"Nid oes newid {id} yn y ciw y cewch ei weld."
        : $"There is no queued change {id} that you may see.");
}
