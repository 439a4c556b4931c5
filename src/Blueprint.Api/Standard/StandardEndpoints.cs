using System.Text;
using Blueprint.Api.Hosting;
using Blueprint.Data.Vocabularies;

namespace Blueprint.Api.Standard;

/// <summary>
/// The national minimum data standard, served by the product: <c>GET /standard</c> (English; <c>?lang=cy</c> or
/// <c>/standard/cy</c> for Welsh), <c>/standard/schema.json</c> and <c>/standard/template.csv</c>. Public, and open
/// to any origin (the <see cref="PublicCors.Policy"/> CORS policy): they hold nothing but the standard.
/// </summary>
public static class StandardEndpoints
{
    public static void MapStandard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/standard").AllowAnonymous().RequireCors(PublicCors.Policy).WithTags("Standard");
        group.MapGet("/", (string? lang, VocabularyCatalog v) => Page(lang == "cy" ? "cy" : "en", v));
        group.MapGet("/cy", (VocabularyCatalog v) => Page("cy", v));
        group.MapGet("/schema.json", (VocabularyCatalog v) =>
            Results.Text(StandardDocuments.Schema(v), "application/schema+json", Encoding.UTF8));
        group.MapGet("/template.csv", () =>
            Results.File(Encoding.UTF8.GetBytes(StandardDocuments.TemplateCsv()), "text/csv; charset=utf-8", "listings-template.csv"));
    }

    private static IResult Page(string lang, VocabularyCatalog vocabularies) =>
        Results.Text(StandardDocuments.Html(lang, vocabularies), "text/html; charset=utf-8", Encoding.UTF8);
}
