using Blueprint.Api.OData;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Organisations;

public sealed class OrganisationsController(BlueprintDb db) : ODataController
{
    [DirectoryQuery]
    public IQueryable<Organisation> Get() => db.Organisations.AsNoTracking();

    [DirectoryQuery]
    public SingleResult<Organisation> Get([FromODataUri] int key) =>
        SingleResult.Create(db.Organisations.AsNoTracking().Where(o => o.Id == key));
}
