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
        return app;
    }

    /// <summary>POST /api/imports (multipart, field "file"): ?profile=NAME &amp;dryRun=true &amp;progress=TOKEN.</summary>
    private static async Task<Results<Ok<ImportReport>, BadRequest<ImportReport>, ProblemHttpResult>> UploadAsync(
        IFormFile file, [FromQuery] string? profile, [FromQuery] bool? dryRun, [FromQuery] string? progress,
        HttpContext http, BlueprintDb db, AreaCatalog areas, VocabularyCatalog vocabularies, DataPaths paths, PostcodeDirectory postcodes,
        ImportProgressBoard board, Microsoft.Extensions.Options.IOptions<ImportLimits> limits, CancellationToken ct)
    {
        if (file.Length > limits.Value.MaxUploadBytes)
        {
            return TypedResults.Problem($"The file is larger than the {Blueprint.Ingest.Reading.SurveyFile.Size(limits.Value.MaxUploadBytes)} an upload may be.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        if (profile is not null && (profile.Contains('/') || profile.Contains('\\') || profile.Contains("..", StringComparison.Ordinal)))
        {
            return TypedResults.Problem("Name a profile from data/profiles by its name.", statusCode: StatusCodes.Status400BadRequest);
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
                DryRun = dryRun == true,
                FileName = file.FileName,
                ImportedBy = http.User.Identity?.Name ?? http.User.FindFirst("sub")?.Value ?? "api",
                MaxFileBytes = limits.Value.MaxUploadBytes,
                Progress = token is null ? null : new Progress<ImportProgress>(p => board.Set(token, p)),
            }, ct);
            if (token is not null)
            {
                board.Remove(token);
            }
            return report.Processed ? TypedResults.Ok(report) : TypedResults.BadRequest(report);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<Ok<List<SurveyImport>>> ListAsync(BlueprintDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.SurveyImports.AsNoTracking().OrderByDescending(i => i.Id).Take(200).ToListAsync(ct));

    private static async Task<Results<Ok<SurveyImport>, NotFound>> GetAsync(int id, BlueprintDb db, CancellationToken ct) =>
        await db.SurveyImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) is { } import ? TypedResults.Ok(import) : TypedResults.NotFound();

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
        return TypedResults.Ok(rows);
    }

    /// <summary>The responses filter for rows kept with warnings: not an outcome of its own.</summary>
    public const string PartialRows = "partial";

    private const int PublishBodyLimit = 1024 * 1024;

    /// <summary>
    /// POST /api/imports/{id}/publish. The body is optional and needs no content type: none (or an empty one) publishes
    /// every consented, clean response of the import; a JSON array [responseId, …] publishes those only.
    /// </summary>
    private static async Task<Results<Ok<PublishSummary>, NotFound, ProblemHttpResult>> PublishAsync(int id, HttpRequest request, BlueprintDb db, AreaLocator locator,
        Microsoft.AspNetCore.OutputCaching.IOutputCacheStore cache, CancellationToken ct)
    {
        long[]? responses;
        using (var body = new MemoryStream())
        {
            await request.Body.CopyToAsync(body, ct);
            var text = System.Text.Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
            try
            {
                responses = string.IsNullOrWhiteSpace(text) ? null : System.Text.Json.JsonSerializer.Deserialize<long[]>(text);
            }
            catch (System.Text.Json.JsonException)
            {
                return TypedResults.Problem("Send no body to publish the whole import, or a JSON array of response ids such as [12, 15].", statusCode: StatusCodes.Status400BadRequest);
            }
        }
        if (responses is [])
        {
            return TypedResults.Problem("The list of response ids is empty: name at least one, or send no body to publish the whole import.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!await db.SurveyImports.AnyAsync(i => i.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var report = await new SurveyPublisher(db, locator).PublishAsync(id, responses, ct);
        await Hosting.DirectoryCache.InvalidateAsync(cache, CancellationToken.None);
        return TypedResults.Ok(new PublishSummary(report.Created, report.Updated,
            report.Published.Select(p => new PublishedRow(p.ResponseId, p.Row, p.InterventionId, p.Created)).ToList(),
            report.Skipped.Select(s => new SkippedRow(s.ResponseId, s.Row, s.Reason)).ToList()));
    }

    public sealed record PublishSummary(int Created, int Updated, List<PublishedRow> Published, List<SkippedRow> Skipped);
    public sealed record PublishedRow(long ResponseId, int Row, int InterventionId, bool Created);
    public sealed record SkippedRow(long ResponseId, int Row, string Reason);
}
