using Blueprint.Api.Accounts;
using Blueprint.Api.Analysis;
using Blueprint.Api.Auth;
using Blueprint.Api.Cli;
using Blueprint.Api.Feeds;
using Blueprint.Api.Geography;
using Blueprint.Api.Hosting;
using Blueprint.Api.Imports;
using Blueprint.Api.Rounds;
using Blueprint.Api.Limits;
using Blueprint.Api.Listings;
using Blueprint.Api.Mail;
using Blueprint.Api.OData;
using Blueprint.Api.OpenReferral;
using Blueprint.Api.Operations;
using Blueprint.Api.Places;
using Blueprint.Api.ReadModel;
using Blueprint.Api.Standard;
using Blueprint.Api.Uploads;

StartupFailure.Install();
if (Commands.IsCommand(args))
{
    return await Commands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddBlueprintData();
builder.AddBlueprintAuth();
builder.AddBlueprintOData();
builder.AddBlueprintHosting();
builder.AddBlueprintCompression();
builder.AddBlueprintImports();
builder.AddBlueprintLimits();
builder.AddBlueprintMail();
builder.AddBlueprintAccounts();
builder.AddBlueprintListings();
builder.AddBlueprintAnalysis();
builder.AddListingUploads();
builder.AddOpenReferral();
builder.AddBlueprintFeeds();
builder.AddBlueprintOperations();
builder.AddBlueprintReadModel();

var app = builder.Build();
app.BeginDatabaseWarmUp();

app.UseBlueprintForwardedHeaders();
app.UseBlueprintHosting();
app.UseBlueprintCompression();
app.UseAuthentication();
app.UseAuthorization();
app.UseBlueprintAccounts();
app.UseSearchStatistics();
app.UseOutputCache();
app.UseBlueprintLimits();
app.UseListingVisibility();
app.MapControllers().RequireAnalystOnSurveyFeed().RequireAnalystOnAnalysisFeed();
app.MapGeography();
app.MapPlaces();
app.MapImports();
app.MapOperations();
app.MapAnalysis();
app.MapBenchReferences();
app.MapReadModelBench();
app.MapAccounts();
app.MapListings();
app.MapListingUploads();
app.MapOpenReferral();
app.MapFeeds();
app.MapStandard();
app.MapRounds();
app.MapFrontEnd();

await app.InitialiseDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
