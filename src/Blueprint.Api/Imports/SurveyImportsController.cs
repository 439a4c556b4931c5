using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Survey;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Imports;

/// <summary>Survey imports (<c>/odata/survey/SurveyImports</c>), for analysts and administrators.</summary>
[Authorize(Policy = Policies.Analyst)]
public sealed class SurveyImportsController(BlueprintDb db) : ODataController
{
    [SurveyQuery]
    public IQueryable<SurveyImport> Get() => db.SurveyImports.AsNoTracking();

    [SurveyQuery]
    public SingleResult<SurveyImport> Get([FromODataUri] int key) =>
        SingleResult.Create(db.SurveyImports.AsNoTracking().Where(i => i.Id == key));

    /// <summary><c>SurveyImports(1)/Responses</c>: one import's staged rows.</summary>
    [SurveyQuery]
    public IQueryable<SurveyResponse> GetResponses([FromODataUri] int key) =>
        db.SurveyResponses.AsNoTracking().Where(r => r.ImportId == key);
}
