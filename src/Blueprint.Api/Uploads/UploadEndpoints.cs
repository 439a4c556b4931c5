using System.Security.Claims;
using System.Text.Json;
using Blueprint.Api.Hosting;
using Blueprint.Api.Listings;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Blueprint.Ingest.Reading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Uploads;

/// <summary>
/// <c>/api/listings/uploads</c>: a provider (or administrator) uploads an edited copy of the listings export
/// (.csv or .xlsx) and gets a per-row diff; nothing is saved until it posts <c>…/{id}/apply</c>. Only the
/// uploader reads or applies its upload; a provider changes only its own organisations' listings.
/// </summary>
public static class UploadEndpoints
{
    public static void AddListingUploads(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<UploadOptions>().Bind(builder.Configuration.GetSection(UploadOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<UploadPreviewer>();
        builder.Services.AddScoped<UploadApplier>();
    }

    public static void MapListingUploads(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<UploadOptions>>().Value;
        // Slack over the file limit, so a file just over it reaches the handler's own 413 naming the setting.
        var bodyLimit = limits.MaxBytes + 64 * 1024;
        var group = app.MapGroup("/api/listings/uploads").RequireAuthorization(p => p.RequireRole(ListingAccess.WriterRoles.Split(','))).WithTags("Listing uploads");
        group.MapPost("/", UploadAsync)
            .DisableAntiforgery()   // the app's own guard (RequestGuards) checks the anti-forgery header of cookie requests
            .WithMetadata(new RequestSizeLimitAttribute(bodyLimit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = bodyLimit });
        group.MapGet("/{id:int}", GetAsync);
        group.MapPost("/{id:int}/apply", ApplyAsync).WithMetadata(new RequestSizeLimitAttribute(16 * 1024));
        group.MapDelete("/{id:int}", CancelAsync);
    }

    /// <summary>POST /api/listings/uploads (multipart, field "file", .csv or .xlsx): the preview, saved nowhere but in the upload.</summary>
    private static async Task<IResult> UploadAsync(HttpRequest request, ClaimsPrincipal user, UploadPreviewer previewer, IOptions<UploadOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxBytes;
        var language = RequestLanguage.Of(request);
        var cy = language == "cy";
        if (!request.HasFormContentType)
        {
            return ListingErrors.Result(400, "BadUpload", cy
                ? "Anfonwch y ffeil fel multipart/form-data mewn maes o'r enw \"file\" (.csv neu .xlsx, fel yr ysgrifennodd yr allforyn hi)."
                : "Send the file as multipart/form-data in a field named \"file\" (.csv or .xlsx, as the export wrote it).");
        }
        IFormFile? file;
        try
        {
            file = (await request.ReadFormAsync(ct)).Files.GetFile("file");
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return ListingErrors.Result(413, "TooLarge", SurveyFile.UploadTooLarge(limit, $"{UploadOptions.Section}:MaxBytes", language));
        }
        if (file is null)
        {
            return ListingErrors.Result(400, "BadUpload", cy
                ? "Anfonwch y ffeil mewn maes multipart o'r enw \"file\"."
                : "Send the file in a multipart field named \"file\".");
        }
        if (file.Length > limit)
        {
            return ListingErrors.Result(413, "TooLarge", cy
                ? $"Mae'r ffeil yn {SurveyFile.Size(file.Length)}; caiff ffeil a lwythir i fyny fod yn {SurveyFile.Size(limit)} ar y mwyaf (gosodiad {UploadOptions.Section}:MaxBytes)."
                : $"The file is {SurveyFile.Size(file.Length)}; an upload may be at most {SurveyFile.Size(limit)} (setting {UploadOptions.Section}:MaxBytes).");
        }
        var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (extension is not (".csv" or ".xlsx"))
        {
            return ListingErrors.Result(400, "BadFormat", cy
                ? "Llwythwch ffeil .csv neu .xlsx i fyny: allforyn y rhestriadau, wedi'i olygu."
                : "Upload a .csv or .xlsx file: the listings export, edited.");
        }
        try
        {
            await using var stream = file.OpenReadStream();
            var table = TableFile.Read(stream, limit, options.Value.MaxRows);
            return Results.Ok(await previewer.PreviewAsync(table, file.FileName, user, language, ct));
        }
        catch (IngestFileException e)
        {
            return ListingErrors.Result(400, "UnreadableFile", e.In(language));
        }
    }

    private static async Task<IResult> GetAsync(int id, ClaimsPrincipal user, BlueprintDb db, CancellationToken ct)
    {
        if (await OwnAsync(id, user, db, ct) is not { } upload)
        {
            return NotFound(id);
        }
        var preview = JsonSerializer.Deserialize<UploadPreview>(upload.Preview, UploadPreviewer.Json)!;
        return Results.Ok(new
        {
            preview = preview with { State = upload.State },
            result = upload.Result is null ? null : JsonSerializer.Deserialize<UploadResult>(upload.Result, UploadPreviewer.Json),
        });
    }

    private static async Task<IResult> ApplyAsync(int id, HttpRequest request, ClaimsPrincipal user, BlueprintDb db, UploadApplier applier, IOutputCacheStore cache, CancellationToken ct)
    {
        var skipErrors = false;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                skipErrors = (await request.ReadFromJsonAsync<ApplyRequest>(UploadPreviewer.Json, ct))?.SkipErrors == true;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return ListingErrors.Result(400, "BadBody", "Send nothing, or {\"skipErrors\": true} to apply the valid rows of a preview with errors.");
            }
        }
        if (await OwnAsync(id, user, db, ct, tracked: true) is not { } upload)
        {
            return NotFound(id);
        }
        var result = await applier.ApplyAsync(upload, skipErrors, user, RequestLanguage.Of(request), ct);
        await DirectoryCache.InvalidateAsync(cache, CancellationToken.None);
        return result;
    }

    private static async Task<IResult> CancelAsync(int id, ClaimsPrincipal user, BlueprintDb db, CancellationToken ct)
    {
        if (await OwnAsync(id, user, db, ct, tracked: true) is not { } upload)
        {
            return NotFound(id);
        }
        if (upload.State == ListingUploadStates.Previewed)
        {
            upload.State = ListingUploadStates.Cancelled;
            await db.SaveChangesAsync(ct);
        }
        return Results.NoContent();
    }

    /// <summary>An upload of this caller's (another person's is not found, whoever asks).</summary>
    private static Task<ListingUpload?> OwnAsync(int id, ClaimsPrincipal user, BlueprintDb db, CancellationToken ct, bool tracked = false)
    {
        var who = user.Actor("upload").Id;
        var uploads = tracked ? db.ListingUploads : db.ListingUploads.AsNoTracking();
        return uploads.FirstOrDefaultAsync(u => u.Id == id && u.UploadedById == who, ct);
    }

    private static IResult NotFound(int id) => ListingErrors.Result(404, "NotFound", $"There is no upload {id} of yours.");
}
