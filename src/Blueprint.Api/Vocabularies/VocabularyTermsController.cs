using Blueprint.Api.OData;
using Blueprint.Data;
using Blueprint.Data.Vocabularies;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Vocabularies;

public sealed class VocabularyTermsController(BlueprintDb db) : ODataController
{
    [DirectoryQuery]
    public IQueryable<VocabularyTerm> Get() => db.VocabularyTerms.AsNoTracking().OrderBy(t => t.Vocabulary).ThenBy(t => t.SortOrder);
}
