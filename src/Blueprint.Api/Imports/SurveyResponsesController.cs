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

/// <summary>Staged survey responses (<c>/odata/survey/SurveyResponses</c>), respondents' personal data included: analysts and administrators only.</summary>
[Authorize(Policy = Policies.Analyst)]
public sealed class SurveyResponsesController(BlueprintDb db) : ODataController
{
    [SurveyQuery]
    public IQueryable<SurveyResponse> Get() => db.SurveyResponses.AsNoTracking();

    [SurveyQuery]
    public SingleResult<SurveyResponse> Get([FromODataUri] long key) =>
        SingleResult.Create(db.SurveyResponses.AsNoTracking().Where(r => r.Id == key));
}
