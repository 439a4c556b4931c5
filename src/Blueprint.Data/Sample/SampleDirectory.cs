using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data.Sample;

/// <summary>
/// The synthetic sample directory (data/sample/directory.json): organisations, each with its
/// interventions, each with the codes of the local authorities it serves and its venues as recorded.
/// </summary>
public sealed class SampleDirectory
{
    public string Notice { get; set; } = "SYNTHETIC SAMPLE DATA: fictional organisations and services made by Blueprint's generator, for demonstration and testing only.";
    public List<SampleOrganisation> Organisations { get; set; } = [];

    /// <summary>
    /// The day the sample's dates are relative to. Seeding moves every date on by the days since, so a
    /// sample loaded next year is as fresh as today's: its listings never drift into staleness and out of
    /// search just because the calendar moved.
    /// </summary>
    public DateOnly? AsOf { get; set; }

    public sealed class SampleOrganisation
    {
        public required Organisation Organisation { get; set; }
        public List<SampleIntervention> Interventions { get; set; } = [];
    }

    public sealed class SampleIntervention
    {
        public required Intervention Intervention { get; set; }
        public List<string> AreaCodes { get; set; } = [];
        public List<VenueRecord> Venues { get; set; } = [];
    }

    /// <summary>Entities ready to add: areas attached from <paramref name="areas"/>, venues with their public faces.</summary>
    public IEnumerable<Organisation> ToEntities(IReadOnlyDictionary<string, Area> areas)
    {
        foreach (var so in Organisations)
        {
            var org = so.Organisation;
            foreach (var si in so.Interventions)
            {
                var i = si.Intervention;
                i.Areas = si.AreaCodes.Select(c => areas[c]).ToList();
                foreach (var v in si.Venues)
                {
                    i.AddVenue(v);
                }
                org.Interventions.Add(i);
            }
            yield return org;
        }
    }

    /// <summary>The survey round the sample adds (open from 60 days ago for a year).</summary>
    public const string SampleRoundName = "Sample round";

    /// <summary>Adds the sample to an empty directory; does nothing when there is already an organisation.</summary>
    public async Task<int> SeedAsync(BlueprintDb db, CancellationToken ct = default)
    {
        if (await db.Organisations.AnyAsync(ct))
        {
            return 0;
        }
        var areas = await db.Areas.ToDictionaryAsync(a => a.Code, ct);
        var shift = AsOf is { } asOf ? DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime).DayNumber - asOf.DayNumber : 0;
        var count = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // The sample stands for the directory as it was before moderation: not audited, its edits publish immediately.
        db.Actor = Listings.AuditActor.SampleSeed;
        foreach (var org in ToEntities(areas))
        {
            foreach (var listing in org.Interventions)
            {
                listing.LastVerified = listing.LastVerified.AddDays(shift);
                listing.FundingEnds = listing.FundingEnds?.AddDays(shift);
            }
            org.EditsWaitForApproval = false;
            db.Organisations.Add(org);
            count += org.Interventions.Count;
        }
        // A survey round open today, so that the sample exports (data/sample/survey-*.csv) import with no --round.
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        if (!await db.SurveyRounds.AnyAsync(r => r.Name == SampleRoundName, ct))
        {
            db.SurveyRounds.Add(new Survey.SurveyRound { Name = SampleRoundName, Tool = "Microsoft Forms", OpensOn = today.AddDays(-60), ClosesOn = today.AddDays(305) });
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return count;
    }

    public static SampleDirectory Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SampleDirectory>(stream, Json) ?? new SampleDirectory();
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, Json);
    }

    /// <summary>Entities serialised without keys, links, audit fields or derived faces.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipDerived } },
    };

    private static readonly HashSet<string> Skipped =
    [
        nameof(Intervention.Id), nameof(Intervention.OrganisationId), nameof(VenueRecord.InterventionId),
        nameof(Intervention.Organisation), nameof(Intervention.Areas), nameof(Intervention.Venues),
        nameof(Intervention.VenueRecords), nameof(Intervention.DistanceKm), nameof(Organisation.Interventions),
        nameof(ITracked.CreatedAt), nameof(ITracked.UpdatedAt), nameof(ITracked.Version),
        nameof(VenueRecord.PublicFace), nameof(Intervention.PublicId), nameof(Intervention.PublicModifiedAt),
    ];

    private static void SkipDerived(JsonTypeInfo info)
    {
        if (info.Type != typeof(Organisation) && info.Type != typeof(Intervention) && info.Type != typeof(VenueRecord))
        {
            return;
        }
        foreach (var property in info.Properties)
        {
            var name = (property.AttributeProvider as System.Reflection.MemberInfo)?.Name;
            if (name is not null && Skipped.Contains(name))
            {
                property.ShouldSerialize = (_, _) => false;
            }
        }
    }
}
