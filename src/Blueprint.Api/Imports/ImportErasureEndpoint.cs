using System.Security.Claims;
using Blueprint.Api.Accounts;
using Blueprint.Api.Hosting;
using Blueprint.Api.Listings;
using Blueprint.Data;
using Blueprint.Ingest.Staging;
using Microsoft.AspNetCore.Mvc;

namespace Blueprint.Api.Imports;

/// <summary>
/// DELETE /api/imports/{id}[?force=true] (administrators): erases the respondents' personal data from the import's staged
/// rows, keeping the anonymised answers and the record, marked erased (docs/decisions/0028); published listings stay.
/// 409 while accepted responses still wait to be published, unless forced; an import already erased answers 200 again.
/// </summary>
public static class ImportErasureEndpoint
{
    public static async Task<IResult> EraseAsync(int id, [FromQuery] bool? force, ClaimsPrincipal user, BlueprintDb db, DataPaths paths, CancellationToken ct)
    {
        var result = await ImportErasure.EraseAsync(db, id, force == true, user.Actor("survey-erasure"), "erased on request",
            ImportErasure.ProfilesIn(paths.Root), ct);
        if (!result.Found)
        {
            return AccountErrors.NotFound($"There is no import {id}.");
        }
        if (!result.Erased)
        {
            return AccountErrors.Error(StatusCodes.Status409Conflict, "Conflict",
                $"Import {id} still has {result.WaitingToPublish} accepted response(s) waiting to be published: publish them first, or erase anyway with ?force=true (their evidence is then lost).");
        }
        return Results.Ok(new { importId = id, erased = result.Responses, fileName = result.FileName, alreadyErased = result.ErasedBefore is not null, erasedBefore = result.ErasedBefore });
    }
}
