using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Api.Tests.Freshness;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>The directory output cache: anonymous reads only, never an authorised response, and gone after invalidation.</summary>
public sealed class DirectoryCacheTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task An_authorised_response_is_never_served_to_an_anonymous_caller()
    {
        var url = $"/odata/VenueRecords?$filter=InterventionId eq {app.Known.CardiffId}&$select=Name,Address";

        var admin = await app.ClientAs(Roles.Admin).GetAsync(url);
        var adminBody = await admin.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains(KnownRecords.HiddenAddress, adminBody);

        var anonymous = await app.ClientAs(null).GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("ZZSECRET", await anonymous.Content.ReadAsStringAsync());

        // Nor to another signed-in caller with fewer rights (a provider of another organisation).
        var provider = await app.ClientAs(Roles.Provider, app.Known.OtherOrganisationId).GetAsync(url);
        Assert.DoesNotContain("ZZSECRET", await provider.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_authorised_read_of_a_public_route_is_neither_stored_nor_taken_from_the_cache()
    {
        var marker = $"ZZCACHEAUTH{Guid.NewGuid():N}";
        var url = $"/odata/Interventions?$filter=startswith(Name,'{marker}')&$select=Name";
        var id = await AddInterventionAsync(marker + " first");

        Assert.Equal([marker + " first"], await NamesAsync(url, app.ClientAs(Roles.Admin)));
        await RenameAsync(id, marker + " second"); // no invalidation: only a cache could still say "first"
        Assert.Equal([marker + " second"], await NamesAsync(url, app.ClientAs(null)));

        await RenameAsync(id, marker + " third");
        Assert.Equal([marker + " third"], await NamesAsync(url, app.ClientAs(Roles.Analyst)));
    }

    [Fact]
    public async Task An_anonymous_read_is_cached_until_the_directory_is_invalidated()
    {
        var marker = $"ZZCACHEANON{Guid.NewGuid():N}";
        // Past the cache, the database answers: the read model, like the cache, never sees a write that bypasses
        // the data version (decision 0009), and this test is about the cache.
        app.Services.GetRequiredService<Blueprint.Api.ReadModel.DirectoryReadModel>().Paused = true;
        var url = $"/odata/Interventions?$filter=startswith(Name,'{marker}')&$select=Name";
        var geo = $"/api/geo/areas?filter=startswith(Name,'{marker}')";

        // Written before the reads and seen by the host, so the data version cannot move during the test;
        // the rename below bypasses SaveChanges (and so the data version), as a forgetful write would.
        var id = await AddInterventionAsync("ZZCACHE not yet");
        await app.WaitForDataVersionAsync();
        Assert.Empty(await NamesAsync(url, app.ClientAs(null)));
        var geoBefore = await app.ClientAs(null).GetStringAsync(geo);

        app.WithDb(db => db.Interventions.Where(i => i.Id == id).ExecuteUpdate(s => s.SetProperty(i => i.Name, marker + " new")));
        Assert.Empty(await NamesAsync(url, app.ClientAs(null)));             // served from the cache
        Assert.Equal(geoBefore, await app.ClientAs(null).GetStringAsync(geo));

        await DirectoryCache.InvalidateAsync(app.Services.GetRequiredService<IOutputCacheStore>(), TestContext.Current.CancellationToken);

        Assert.Equal([marker + " new"], await NamesAsync(url, app.ClientAs(null)));
        Assert.NotEqual(geoBefore, await app.ClientAs(null).GetStringAsync(geo));
        app.Services.GetRequiredService<Blueprint.Api.ReadModel.DirectoryReadModel>().Paused = false;
    }

    private async Task<int> AddInterventionAsync(string name)
    {
        var intervention = new Intervention
        {
            Name = name, OrganisationId = app.Known.OrganisationId, AllWales = true, Status = "active",
            LastVerified = new DateOnly(2026, 10, 1), Source = "editor",
        };
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        db.Interventions.Add(intervention);
        await db.SaveChangesAsync();
        return intervention.Id;
    }

    private async Task RenameAsync(int id, string name)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var intervention = await db.Interventions.FindAsync(id);
        intervention!.Name = name;
        await db.SaveChangesAsync();
    }

    private static async Task<List<string>> NamesAsync(string url, HttpClient client)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray()
            .Select(v => v.GetProperty("Name").GetString()!).ToList();
    }
}
