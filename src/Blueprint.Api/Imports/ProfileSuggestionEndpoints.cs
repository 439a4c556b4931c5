using Blueprint.Api.Hosting;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Profiles.Suggesting;
using Blueprint.Ingest.Reading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Imports;

/// <summary>
/// The profile assistant over HTTP (analysts and administrators): POST /api/imports/profile-suggestion drafts a
/// mapping profile for an uploaded export (decision 0029); an upload to POST /api/imports may carry the edited draft
/// as the form field "profileJson" instead of naming a profile.
/// </summary>
public static class ProfileSuggestionEndpoints
{
    /// <summary>The form field of POST /api/imports that carries a profile in the data/profiles format.</summary>
    public const string ProfileJsonField = "profileJson";

    private const string DraftPathKey = "Blueprint.Imports.DraftProfilePath";

    /// <summary>Maps POST {group}/profile-suggestion, with the same size limits as the upload.</summary>
    public static RouteGroupBuilder MapProfileSuggestion(this RouteGroupBuilder group, long bodyLimit)
    {
        group.MapPost("/profile-suggestion", SuggestAsync)
            .DisableAntiforgery()   // bearer-token API; no cookies
            .WithMetadata(new RequestSizeLimitAttribute(bodyLimit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = bodyLimit });
        return group;
    }

    /// <summary>The refusal of an upload without the export (not a multipart form, or no field "file").</summary>
    public static string SendTheFile(string language) => language == "cy"
        ? "Anfonwch allforyn yr arolwg yn y maes ffurflen multipart \"file\"."
        : "Send the survey export as the multipart form field \"file\".";

    /// <summary>POST /api/imports/profile-suggestion (multipart, field "file"; ?from=PROFILE to start from a named profile).</summary>
    private static async Task<IResult> SuggestAsync(IFormFile? file, [FromQuery] string? from, DataPaths paths, VocabularyCatalog vocabularies, AreaCatalog areas,
        IOptions<ImportLimits> limits, HttpRequest request, CancellationToken ct)
    {
        var language = RequestLanguage.Of(request);
        var cy = language == "cy";
        if (file is null)
        {
            return Error(StatusCodes.Status400BadRequest, SendTheFile(language), "file");
        }
        var max = limits.Value.MaxUploadBytes;
        if (file.Length > max)
        {
            return Error(StatusCodes.Status413PayloadTooLarge,
                SurveyFile.UploadTooLarge(max, $"{ImportLimits.Section}:{nameof(ImportLimits.MaxUploadBytes)}", language), "file");
        }
        if (from is not null && (from.Length == 0 || from.Contains('/') || from.Contains('\\') || from.Contains("..", StringComparison.Ordinal)))
        {
            return Error(StatusCodes.Status400BadRequest, cy ? "Enwch broffil o data/profiles wrth ei enw." : "Name a profile from data/profiles by its name.", "from");
        }
        var temp = Path.Combine(Path.GetTempPath(), $"blueprint-suggest-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await file.CopyToAsync(target, ct);
            }
            var catalog = new ProfileCatalog(paths.Root);
            var basedOn = from is null ? null : catalog.Get(from);
            var sample = ExportSample.Read(temp, max);
            var s = new ProfileSuggester(catalog.All(), vocabularies, areas).Suggest(sample, string.IsNullOrWhiteSpace(file.FileName) ? "survey.csv" : file.FileName, basedOn);
            return Results.Json(new
            {
                profile = s.ProfileJson,
                basedOn = s.BasedOn,
                columns = s.Columns.Select(c => new { column = c.Column, field = c.Field, confidence = c.Confidence, level = c.Level, option = c.Option }),
                unmatchedColumns = s.UnmatchedColumns,
                unmatchedAnswers = s.UnmatchedAnswers.Select(a => new { field = a.Field, text = a.Text, count = a.Count }),
                proposedAnswers = s.ProposedAnswers.Select(a => new { field = a.Field, text = a.Text, code = a.Code, count = a.Count }),
                unmappedFields = s.UnmappedFields,
                problems = s.Problems,
                rowsSampled = s.RowsSampled,
            });
        }
        catch (IngestFileException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.In(language), "file");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// For POST /api/imports: a form field "profileJson" is checked (a clear 400 when it is not a usable profile) and
    /// handed to the upload as a profile file; see <see cref="DraftProfilePath"/>.
    /// </summary>
    public static async ValueTask<object?> ProfileJsonFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.HasFormContentType)
        {
            return await next(context);
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            // The upload itself answers (it reads the form again).
            return await next(context);
        }
        if (!form.TryGetValue(ProfileJsonField, out var values) || values.Count == 0)
        {
            return await next(context);
        }
        if (values.Count > 1)
        {
            return Error(StatusCodes.Status400BadRequest, "Send one profile in \"profileJson\".", ProfileJsonField);
        }
        if (http.Request.Query.ContainsKey("profile"))
        {
            return Error(StatusCodes.Status400BadRequest, "Name a profile (?profile=) or send one (\"profileJson\"), not both.", ProfileJsonField);
        }
        var vocabularies = http.RequestServices.GetRequiredService<VocabularyCatalog>();
        var (profile, error) = ProfileText.Read(values[0] ?? "", vocabularies);
        if (profile is null)
        {
            return Error(StatusCodes.Status400BadRequest, error!, ProfileJsonField);
        }
        var path = Path.Combine(Path.GetTempPath(), $"blueprint-profile-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, values[0], http.RequestAborted);
            http.Items[DraftPathKey] = path;
            return await next(context);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The path of the checked profile the request sent as "profileJson", or null.</summary>
    public static string? DraftProfilePath(HttpContext http) => http.Items.TryGetValue(DraftPathKey, out var path) ? path as string : null;

    private static IResult Error(int status, string message, string target) =>
        Results.Json(new { error = new { code = status == StatusCodes.Status413PayloadTooLarge ? "PayloadTooLarge" : "BadRequest", message, target } }, statusCode: status);
}
