using System.Net;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Listings;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Feeds;

/// <summary>
/// PublicModifiedAt moves only when something the public sees changes, and leaving the public directory leaves a
/// tombstone, whichever route makes the change (decision 0034).
/// </summary>
public sealed class PublicChangeTrackingTests : IClassFixture<DatabaseOnlyApp>
{
    private readonly BlueprintApp app;

    public PublicChangeTrackingTests(DatabaseOnlyApp app)
    {
        this.app = app;
        Listings.Listings.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    private HttpClient Provider => Listings.Listings.As(app, Roles.Provider, app.Known.OrganisationId);

    private DateTime ListingMoved(int id) => app.WithDb(db => db.Interventions.IgnoreQueryFilters().Where(i => i.Id == id).Select(i => i.PublicModifiedAt).Single());

    private DateTime VenueMoved(int id) => app.WithDb(db => db.VenueRecords.Where(v => v.Id == id).Select(v => v.PublicModifiedAt).Single());

    private List<DirectoryChange> TombstonesOf(Guid publicId) => app.WithDb(db => db.DirectoryChanges.Where(c => c.PublicId == publicId).ToList());

    private Guid PublicIdOfListing(int id) => app.WithDb(db => db.Interventions.IgnoreQueryFilters().Where(i => i.Id == id).Select(i => i.PublicId).Single());

    private Guid PublicIdOfVenue(int id) => app.WithDb(db => db.VenueRecords.Where(v => v.Id == id).Select(v => v.PublicId).Single());

    private async Task PatchAsync(string url, object body)
    {
        var response = await Listings.Listings.SendAsync(Provider, HttpMethod.Patch, url, body, "*");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Listings.Listings.Describe(response));
    }

    [Fact]
    public async Task A_public_edit_moves_the_listings_PublicModifiedAt_and_leaves_no_tombstone()
    {
        var listing = Listings.Listings.NewListing(app, app.Known.OrganisationId, "ZZFEED public edit");
        var before = ListingMoved(listing.Id);

        await PatchAsync($"/odata/Interventions({listing.Id})", new { Description = "Now on Tuesdays." });

        Assert.True(ListingMoved(listing.Id) > before);
        Assert.Empty(TombstonesOf(PublicIdOfListing(listing.Id)));
    }

    [Fact]
    public async Task An_edit_to_a_hidden_venue_moves_nothing_the_public_can_see()
    {
        var listing = Listings.Listings.NewListing(app, app.Known.OrganisationId, "ZZFEED hidden venue edit");
        var (listingBefore, venueBefore) = (ListingMoved(listing.Id), VenueMoved(listing.HiddenVenue));

        await PatchAsync($"/odata/VenueRecords({listing.HiddenVenue})", new { Address = "ZZSECRET 4 Other Row" });

        Assert.Equal(listingBefore, ListingMoved(listing.Id));
        Assert.Equal(venueBefore, VenueMoved(listing.HiddenVenue));
    }

    [Fact]
    public async Task An_edit_to_a_shown_venue_moves_the_venue_and_its_listing()
    {
        var listing = Listings.Listings.NewListing(app, app.Known.OrganisationId, "ZZFEED exact venue edit");
        var (listingBefore, venueBefore) = (ListingMoved(listing.Id), VenueMoved(listing.ExactVenue));

        await PatchAsync($"/odata/VenueRecords({listing.ExactVenue})", new { Name = "ZZFEED renamed hub" });

        Assert.True(ListingMoved(listing.Id) > listingBefore);
        Assert.True(VenueMoved(listing.ExactVenue) > venueBefore);
    }

    [Fact]
    public async Task Hiding_a_venue_leaves_a_hidden_tombstone_and_moves_its_listing()
    {
        var listing = Listings.Listings.NewListing(app, app.Known.OrganisationId, "ZZFEED hide venue");
        var before = ListingMoved(listing.Id);

        await PatchAsync($"/odata/VenueRecords({listing.ExactVenue})", new { Visibility = "hidden" });

        var tombstone = Assert.Single(TombstonesOf(PublicIdOfVenue(listing.ExactVenue)));
        Assert.Equal((DirectoryChangeKinds.Venue, DirectoryChangeStatuses.Hidden), (tombstone.Kind, tombstone.Status));
        Assert.True(ListingMoved(listing.Id) > before);
    }

    [Fact]
    public async Task Closing_or_pausing_a_listing_leaves_a_tombstone_with_that_status()
    {
        var closed = Listings.Listings.NewListing(app, app.Known.OrganisationId, "ZZFEED close");
        var paused = Listings.Listings.NewListing(app, app.Known.OrganisationId, "ZZFEED pause");

        await PatchAsync($"/odata/Interventions({closed.Id})", new { Status = "closed" });
        await PatchAsync($"/odata/Interventions({paused.Id})", new { Status = "paused" });

        Assert.Equal(DirectoryChangeStatuses.Closed, Assert.Single(TombstonesOf(PublicIdOfListing(closed.Id))).Status);
        Assert.Equal(DirectoryChangeStatuses.Paused, Assert.Single(TombstonesOf(PublicIdOfListing(paused.Id))).Status);
    }

    [Fact]
    public async Task Deleting_a_listing_tombstones_it_and_its_shown_venues_but_never_its_hidden_ones()
    {
        var listing = Listings.Listings.NewListing(app, app.Known.OrganisationId, "ZZFEED delete");

        var response = await Listings.Listings.SendAsync(Provider, HttpMethod.Delete, $"/odata/Interventions({listing.Id})", ifMatch: "*");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var tombstone = Assert.Single(TombstonesOf(PublicIdOfListing(listing.Id)));
        Assert.Equal((DirectoryChangeKinds.Intervention, DirectoryChangeStatuses.Deleted), (tombstone.Kind, tombstone.Status));
        Assert.Equal(DirectoryChangeStatuses.Deleted, Assert.Single(TombstonesOf(PublicIdOfVenue(listing.ExactVenue))).Status);
        Assert.Empty(TombstonesOf(PublicIdOfVenue(listing.HiddenVenue)));
    }

    [Fact]
    public void An_organisations_private_setting_moves_nothing_but_its_public_name_moves_it_and_its_listings()
    {
        var listing = Listings.Listings.NewListing(app, app.Known.OtherOrganisationId, "ZZFEED organisation");
        var organisationMoved = () => app.WithDb(db => db.Organisations.Where(o => o.Id == app.Known.OtherOrganisationId).Select(o => o.PublicModifiedAt).Single());
        var (orgBefore, listingBefore) = (organisationMoved(), ListingMoved(listing.Id));

        Save(db => db.Organisations.Single(o => o.Id == app.Known.OtherOrganisationId).EditsWaitForApproval = true);
        Assert.Equal((orgBefore, listingBefore), (organisationMoved(), ListingMoved(listing.Id)));

        Save(db => db.Organisations.Single(o => o.Id == app.Known.OtherOrganisationId).Phone = "029 2000 0001");
        Assert.True(organisationMoved() > orgBefore);
        Assert.True(ListingMoved(listing.Id) > listingBefore);
        Save(db => db.Organisations.Single(o => o.Id == app.Known.OtherOrganisationId).EditsWaitForApproval = false);
    }

    private void Save(Action<Blueprint.Data.BlueprintDb> change) => app.WithDb(db =>
    {
        db.Actor = Listings.Listings.Setup;
        change(db);
        return db.SaveChanges();
    });
}
