using Blueprint.Api.Accounts;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Rounds;

/// <summary>
/// Survey rounds over HTTP: analysts and administrators list them (with how many imports each holds),
/// administrators add and change them. Every import belongs to one (POST /api/imports?round=ID).
/// </summary>
public static class RoundEndpoints
{
    /// <summary>A round as the API shows it; <c>PublishedImports</c> counts the imports its analysis covers (docs/decisions/0040).</summary>
    public sealed record RoundView(int Id, string Name, string? Tool, DateOnly? OpensOn, DateOnly? ClosesOn, string? Profile, int Imports, int PublishedImports);

    /// <summary>The body of POST and PUT: every field (PUT replaces them all).</summary>
    public sealed record RoundBody(string? Name, string? Tool, DateOnly? OpensOn, DateOnly? ClosesOn, string? Profile);

    public static IEndpointRouteBuilder MapRounds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds").RequireAuthorization(Policies.Analyst).WithTags("Survey rounds");
        group.MapGet("/", ListAsync);
        group.MapPost("/", AddAsync).RequireAuthorization(Policies.Admin);
        group.MapPut("/{id:int}", ChangeAsync).RequireAuthorization(Policies.Admin);
        return app;
    }

    private static async Task<IResult> ListAsync(BlueprintDb db, CancellationToken ct) =>
        Results.Ok(await Views(db, db.SurveyRounds.AsNoTracking().OrderByDescending(r => r.OpensOn).ThenByDescending(r => r.Id)).ToListAsync(ct));

    /// <summary>Filter and order the rounds first: EF translates nothing after a constructor projection.</summary>
    private static IQueryable<RoundView> Views(BlueprintDb db, IQueryable<SurveyRound> rounds) =>
        rounds.Select(r => new RoundView(r.Id, r.Name, r.Tool, r.OpensOn, r.ClosesOn, r.Profile,
            db.SurveyImports.Count(i => i.RoundId == r.Id),
            db.SurveyImports.Count(i => i.RoundId == r.Id && i.Responses.Any(x => x.PublishedAt != null))));

    private static async Task<IResult> AddAsync(RoundBody? body, BlueprintDb db, DataPaths paths, CancellationToken ct)
    {
        var round = new SurveyRound { Name = "" };
        if (await CheckAsync(body, round, db, paths, ct) is { } invalid)
        {
            return invalid;
        }
        db.SurveyRounds.Add(round);
        await db.SaveChangesAsync(ct);
        var view = await Views(db, db.SurveyRounds.AsNoTracking().Where(r => r.Id == round.Id)).FirstAsync(ct);
        return Results.Created($"/api/rounds/{round.Id}", view);
    }

    private static async Task<IResult> ChangeAsync(int id, RoundBody? body, BlueprintDb db, DataPaths paths, CancellationToken ct)
    {
        if (await db.SurveyRounds.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } round)
        {
            return AccountErrors.NotFound($"There is no survey round {id}.");
        }
        if (await CheckAsync(body, round, db, paths, ct) is { } invalid)
        {
            return invalid;
        }
        await db.SaveChangesAsync(ct);
        return Results.Ok(await Views(db, db.SurveyRounds.AsNoTracking().Where(r => r.Id == round.Id)).FirstAsync(ct));
    }

    /// <summary>Copies the body onto the round; a 400 naming the field at fault when something is wrong.</summary>
    private static async Task<IResult?> CheckAsync(RoundBody? body, SurveyRound round, BlueprintDb db, DataPaths paths, CancellationToken ct)
    {
        if (body is null)
        {
            return AccountErrors.Invalid("", "Send the round as JSON: {\"name\", \"tool\", \"opensOn\", \"closesOn\", \"profile\"}.");
        }
        round.Name = body.Name?.Trim() ?? "";
        round.Tool = string.IsNullOrWhiteSpace(body.Tool) ? null : body.Tool.Trim();
        round.OpensOn = body.OpensOn;
        round.ClosesOn = body.ClosesOn;
        round.Profile = string.IsNullOrWhiteSpace(body.Profile) ? null : body.Profile.Trim();
        if (round.Check() is [var (target, message), ..])
        {
            return AccountErrors.Invalid(target, message);
        }
        if (round.Profile is { } profile && !ProfileExists(paths.Root, profile))
        {
            return AccountErrors.Invalid("profile", $"There is no mapping profile '{profile}' in data/profiles.");
        }
        var name = round.Name;
        if (await db.SurveyRounds.AnyAsync(r => r.Name == name && r.Id != round.Id, ct))
        {
            return AccountErrors.Error(StatusCodes.Status409Conflict, "Conflict", $"There is already a round named '{name}'.", "name");
        }
        return null;
    }

    private static bool ProfileExists(string root, string name)
    {
        try
        {
            new ProfileCatalog(root).Get(name);
            return true;
        }
        catch (Exception e) when (e is Blueprint.Ingest.Reading.IngestFileException or IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            return false;
        }
    }
}
