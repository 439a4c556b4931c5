using System.Text.Json.Serialization;
using Blueprint.Data.Listings;
using Microsoft.AspNetCore.Mvc;

namespace Blueprint.Api.Listings;

/// <summary>The OData error body with per-field <c>details</c> (target = field name), as the rest of the API writes errors.</summary>
public sealed record ListingErrorBody(ListingError Error);

public sealed record ListingError(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ListingErrorDetail>? Details = null);

public sealed record ListingErrorDetail(string Code, string Target, string Message);

public static class ListingErrors
{
    public static ObjectResult Error(int status, string code, string message, IReadOnlyList<ListingErrorDetail>? details = null) =>
        new(new ListingErrorBody(new ListingError(code, message, details))) { StatusCode = status };

    public static IResult Result(int status, string code, string message, IReadOnlyList<ListingErrorDetail>? details = null) =>
        Results.Json(new ListingErrorBody(new ListingError(code, message, details)), statusCode: status);

    /// <summary>Each problem as an error's detail, its sentence in <paramref name="language"/> ("cy" or "en", see <see cref="Hosting.RequestLanguage"/>).</summary>
    public static IReadOnlyList<ListingErrorDetail> Details(IEnumerable<FieldProblem> problems, string language = "en") =>
        [.. problems.Select(p => new ListingErrorDetail(p.Code, p.Target, p.In(language)))];

    public static string Summary(IReadOnlyCollection<FieldProblem> problems, string language = "en")
    {
        if (problems.Count == 1)
        {
            return problems.First().In(language);
        }
        var fields = string.Join(", ", problems.Select(p => p.Target).Distinct());
        return language == "cy" ? $"Mae angen cywiro {problems.Count} maes: {fields}." : $"{problems.Count} fields need correcting: {fields}.";
    }

    public static ObjectResult Invalid(IReadOnlyCollection<FieldProblem> problems, string language) =>
        Error(400, "ValidationFailed", Summary(problems, language), Details(problems, language));

    public static ObjectResult NotAllowed() =>
        Error(403, "Forbidden", "You may change only the listings of the organisations you act for.");
}
