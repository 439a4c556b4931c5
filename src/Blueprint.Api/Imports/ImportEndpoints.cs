using System.Collections.Concurrent;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Survey;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Publishing;
using Blueprint.Ingest.Staging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Imports;

/// <summary>Configuration section <c>Imports</c>.</summary>
public sealed class ImportLimits
{
    public const string Section = "Imports";
    /// <summary>The largest upload accepted (the request body is refused beyond it).</summary>
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;
}

/// <summary>Progress of running uploads, by the token the client chose (GET /api/imports/progress/{token}).</summary>
public sealed class ImportProgressBoard
{
    private readonly ConcurrentDictionary<string, ImportProgress> running = new();
    public void Set(string token, ImportProgress p) => running[token] = p;
    public ImportProgress? Get(string token) => running.TryGetValue(token, out var p) ? p : null;
    public void Remove(string token) => running.TryRemove(token, out _);
}

/// <summary>
/// Survey imports over HTTP, for analysts and administrators: upload an export (staged, never
/// published by the upload), follow its progress, read an import and its staged rows, publish.
/// </summary>
public static class ImportEndpoints
{
    public static IHostApplicationBuilder AddBlueprintImports(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ImportLimits>(builder.Configuration.GetSection(ImportLimits.Section));
        builder.Services.AddSingleton<ImportProgressBoard>();
        builder.Services.AddJobLeases();
        builder.Services.AddHostedService<RetentionRunner>();
        builder.Services.AddSingleton(sp =>
        {
            var file = builder.Configuration["Places:PostcodeFile"];
            return string.IsNullOrWhiteSpace(file) ? PostcodeDirectory.Empty
                : DataFiles.Load("Places:PostcodeFile", sp.GetRequiredService<DataPaths>().Resolve(file), PostcodeDirectory.Load);
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportLimits>>().Value;
        var group = app.MapGroup("/api/imports").RequireAuthorization(Policies.Analyst).WithTags("Survey imports");
        // The form limit has the same slack as the body limit: a file just over MaxUploadBytes must reach
        // UploadAsync's own check (413 with the limit named), because a multipart section over the form
        // limit is answered 400 by the form binding, with no reason given.
        var bodyLimit = limits.MaxUploadBytes + 64 * 1024;
        group.MapPost("/", UploadAsync)
            .DisableAntiforgery()   // the app's own guard (RequestGuards) checks the anti-forgery header of cookie requests
            .WithMetadata(new RequestSizeLimitAttribute(bodyLimit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = bodyLimit })
            .AddEndpointFilter(ProfileSuggestionEndpoints.ProfileJsonFilterAsync);
        group.MapProfileSuggestion(bodyLimit);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:int}", GetAsync);
        group.MapGet("/{id:int}/responses", ResponsesAsync);
        group.MapGet("/progress/{token}", (string token, ImportProgressBoard board) =>
            board.Get(token) is { } p ? Results.Ok(p) : Results.NotFound());
        group.MapPost("/{id:int}/publish", PublishAsync).RequireAuthorization(Policies.Admin)
            .WithMetadata(new RequestSizeLimitAttribute(PublishBodyLimit));
        group.MapDelete("/{id:int}", ImportErasureEndpoint.EraseAsync).RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>
    /// POST /api/imports (multipart, field "file"): ?round=ID &amp;profile=NAME &amp;dryRun=true &amp;progress=TOKEN. Without a
    /// round, the one round open today; when there is not exactly one, a 400 whose report names the choice.
    /// </summary>
    private static async Task<Results<Ok<ImportReport>, BadRequest<ImportReport>, ProblemHttpResult>> UploadAsync(
        [FromQuery] string? round, [FromQuery] string? profile, [FromQuery] bool? dryRun, [FromQuery] string? progress,
        HttpContext http, BlueprintDb db, AreaCatalog areas, VocabularyCatalog vocabularies, DataPaths paths, PostcodeDirectory postcodes,
        ImportProgressBoard board, Microsoft.Extensions.Options.IOptions<ImportLimits> limits, Operations.BlueprintMetrics metrics, CancellationToken ct)
    {
        var language = RequestLanguage.Of(http.Request);
        ProblemHttpResult TooLarge() => TypedResults.Problem(
            Blueprint.Ingest.Reading.SurveyFile.UploadTooLarge(limits.Value.MaxUploadBytes, "Imports:MaxUploadBytes", language), statusCode: StatusCodes.Status413PayloadTooLarge);
        // Read here rather than bound, so that a request without the file is refused in the caller's language.
        IFormFile? file;
        try
        {
            file = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct)).Files.GetFile("file") : null;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            // A body or a form section over its limit, which has the same slack as the check below.
            return TooLarge();
        }
        if (file is null)
        {
            return TypedResults.Problem(ProfileSuggestionEndpoints.SendTheFile(language), statusCode: StatusCodes.Status400BadRequest);
        }
        if (file.Length > limits.Value.MaxUploadBytes)
        {
            return TooLarge();
        }
        if (profile is not null && (profile.Contains('/') || profile.Contains('\\') || profile.Contains("..", StringComparison.Ordinal)))
        {
            return TypedResults.Problem(language == "cy" ? "Enwch broffil o data/profiles wrth ei enw." : "Name a profile from data/profiles by its name.", statusCode: StatusCodes.Status400BadRequest);
        }
        var temp = Path.Combine(Path.GetTempPath(), $"blueprint-upload-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await file.CopyToAsync(target, ct);
            }
            var token = progress is { Length: > 0 and <= 64 } ? progress : null;
            var report = await new SurveyImporter(db, areas, vocabularies, paths.Root, postcodes).ImportAsync(temp, new ImportOptions
            {
                Profile = ProfileSuggestionEndpoints.DraftProfilePath(http) ?? profile,
                Round = round,
                DryRun = dryRun == true,
                FileName = file.FileName,
                ImportedBy = http.User.Identity?.Name ?? http.User.FindFirst("sub")?.Value ?? "api",
                MaxFileBytes = limits.Value.MaxUploadBytes,
                MaxFileSetting = "Imports:MaxUploadBytes",
                Progress = token is null ? null : new Progress<ImportProgress>(p => board.Set(token, p)),
            }, ct);
            if (token is not null)
            {
                board.Remove(token);
            }
            metrics.Import(report);
            // Worded for the page that asked (the workspace sends its own language).
            report.In(language);
            return report.Processed ? TypedResults.Ok(report) : TypedResults.BadRequest(report);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>An import as the API lists it: the stored record with its round's name.</summary>
    public sealed record ImportView(int Id, int RoundId, string RoundName, string FileName, string FileHash, long FileSize, string Encoding, string? EncodingEvidence, string Profile,
        string ImportedBy, DateTime ImportedAt, string? Header, int RowsRead, int Accepted, int NotForPublication, int Rejected, int Duplicates,
        int BlankRows, int NeedsArea, DateTime? ErasedAt = null, string? ErasedBy = null, string? Erasure = null);

    /// <summary>
    /// Filter and order the imports first: EF translates nothing after a constructor projection. The encoding's evidence is
    /// in Welsh for a Welsh request when the import kept it (imports made before 1 December 2026 did not).
    /// </summary>
    private static IQueryable<ImportView> Views(IQueryable<SurveyImport> imports, HttpRequest request)
    {
        var welsh = RequestLanguage.Of(request) == "cy";
        return imports.Select(i => new ImportView(
            i.Id, i.RoundId, i.Round!.Name, i.FileName, i.FileHash, i.FileSize, i.Encoding, welsh && i.EncodingEvidenceCy != null ? i.EncodingEvidenceCy : i.EncodingEvidence,
            i.Profile, i.ImportedBy, i.ImportedAt, i.Header, i.RowsRead, i.Accepted, i.NotForPublication, i.Rejected, i.Duplicates, i.BlankRows, i.NeedsArea,
            i.ErasedAt, i.ErasedBy, i.Erasure));
    }

    /// <summary>GET /api/imports: the newest 200 (?round=ID: that round's).</summary>
    private static async Task<Ok<List<ImportView>>> ListAsync([FromQuery] int? round, BlueprintDb db, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await Views(db.SurveyImports.AsNoTracking().Where(i => round == null || i.RoundId == round).OrderByDescending(i => i.Id).Take(200), request).ToListAsync(ct));

    private static async Task<Results<Ok<ImportView>, NotFound>> GetAsync(int id, BlueprintDb db, HttpRequest request, CancellationToken ct) =>
        await Views(db.SurveyImports.AsNoTracking().Where(i => i.Id == id), request).FirstOrDefaultAsync(ct) is { } import ? TypedResults.Ok(import) : TypedResults.NotFound();

    /// <summary>
    /// Staged rows of an import (analysts only: they hold respondents' personal data). ?outcome=rejected &amp;skip= &amp;top= (at most 500);
    /// ?outcome=partial: the rows kept with warnings (problems, but not rejected).
    /// </summary>
    private static async Task<Ok<List<SurveyResponse>>> ResponsesAsync(int id, [FromQuery] string? outcome, [FromQuery] int? skip, [FromQuery] int? top, BlueprintDb db, CancellationToken ct)
    {
        var query = db.SurveyResponses.AsNoTracking().Where(r => r.ImportId == id);
        if (outcome == PartialRows)
        {
            query = query.Where(r => r.Problems != null && r.Outcome != SurveyOutcomes.Rejected);
        }
        else if (outcome is not null)
        {
            query = query.Where(r => r.Outcome == outcome);
        }
        var rows = await query.OrderBy(r => r.RowNumber).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(top ?? 100, 1, 500)).ToListAsync(ct);
        // Shown beside the raw cells: the answers whole, with what the row keeps in its own columns put back.
        rows.ForEach(r => r.Normalised = StagedAnswers.Whole(r));
        return TypedResults.Ok(rows);
    }

    /// <summary>The responses filter for rows kept with warnings: not an outcome of its own.</summary>
    public const string PartialRows = "partial";

    private const int PublishBodyLimit = 1024 * 1024;

    /// <summary>
    /// POST /api/imports/{id}/publish[?preview=true]. The body is optional and needs no content type: none (or an empty one)
    /// publishes every consented, clean response of the import; a JSON array [responseId, …] publishes those only; an object
    /// {"responses": [...]?, "overwriteNewer": [responseId, …]} may also apply conflicting (older) responses an administrator
    /// names. A preview answers the same summary and stores nothing.
    /// </summary>
    private static async Task<Results<Ok<PublishSummary>, NotFound, ProblemHttpResult>> PublishAsync(int id, [FromQuery] bool? preview, HttpRequest request, BlueprintDb db, AreaLocator locator,
        Microsoft.AspNetCore.OutputCaching.IOutputCacheStore cache, CancellationToken ct)
    {
        PublishBody? body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, ct);
            var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            try
            {
                body = string.IsNullOrWhiteSpace(text) ? null
                    : text.TrimStart().StartsWith('[') ? new PublishBody(System.Text.Json.JsonSerializer.Deserialize<long[]>(text), null)
                    : System.Text.Json.JsonSerializer.Deserialize<PublishBody>(text, System.Text.Json.JsonSerializerOptions.Web);
            }
            catch (System.Text.Json.JsonException)
            {
                return TypedResults.Problem("Send no body to publish the whole import, a JSON array of response ids such as [12, 15], or {\"responses\": [12, 15], \"overwriteNewer\": [15]}.", statusCode: StatusCodes.Status400BadRequest);
            }
        }
        var responses = body?.Responses;
        if (responses is [])
        {
            return TypedResults.Problem("The list of response ids is empty: name at least one, or send no body to publish the whole import.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!await db.SurveyImports.AnyAsync(i => i.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var report = await new SurveyPublisher(db, locator).PublishAsync(new PublishRequest
        {
            ImportId = id, ResponseIds = responses, OverwriteNewer = body?.OverwriteNewer ?? [], Preview = preview == true,
        }, ct);
        if (!report.Preview)
        {
            await Hosting.DirectoryCache.InvalidateAsync(cache, CancellationToken.None);
        }
        return TypedResults.Ok(new PublishSummary(report.Preview, report.Created, report.Updated,
            report.Published.Select(p => new PublishedRow(p.ResponseId, p.Row, p.InterventionId, p.Created)).ToList(),
            report.Skipped.Select(s => new SkippedRow(s.ResponseId, s.Row, s.Reason)).ToList(),
            report.Conflicts,
            report.HeldBack.Select(h => new HeldBackRow(h.ResponseId, h.Row, h.Reason)).ToList()));
    }

    private sealed record PublishBody(long[]? Responses, long[]? OverwriteNewer);

    public sealed record PublishSummary(bool Preview, int Created, int Updated, List<PublishedRow> Published, List<SkippedRow> Skipped,
        List<PublishConflict> Conflicts, List<HeldBackRow> HeldBack);
    public sealed record PublishedRow(long ResponseId, int Row, int InterventionId, bool Created);
    public sealed record SkippedRow(long ResponseId, int Row, string Reason);
    public sealed record HeldBackRow(long ResponseId, int Row, string Reason);
}
