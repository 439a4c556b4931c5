using Blueprint.Api.Auth;
using Blueprint.Api.OData;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Venues;

/// <summary>Public venue faces: hidden venues are absent, approximate ones carry only their area.</summary>
public sealed class VenuesController(BlueprintDb db) : ODataController
{
    [DirectoryQuery]
    public IQueryable<Venue> Get() => db.Venues.AsNoTracking();
}

/// <summary>Venues as recorded, confidential details included: administrators and analysts see all, a provider those of the organisations it acts for.</summary>
[Authorize(Policy = Policies.VenueDetails)]
public sealed class VenueRecordsController(BlueprintDb db) : ODataController
{
    [DirectoryQuery]
    public IQueryable<VenueRecord> Get()
    {
        var records = db.VenueRecords.AsNoTracking();
        if (User.SeesAllVenueDetails())
        {
            return records;
        }
        var organisations = User.ProviderOrganisations();
        return records.Where(r => db.Interventions.Any(i => i.Id == r.InterventionId && organisations.Contains(i.OrganisationId)));
    }
}
