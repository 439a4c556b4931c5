using Blueprint.Api.OData;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Geography;

public sealed class AreasController(BlueprintDb db) : ODataController
{
    [DirectoryQuery]
    public IQueryable<Area> Get() => db.Areas.AsNoTracking();

    [DirectoryQuery]
    public SingleResult<Area> Get([FromODataUri] string key) =>
        SingleResult.Create(db.Areas.AsNoTracking().Where(a => a.Code == key));
}
