using System.Text.Json;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Blueprint.Data.Listings;
using Blueprint.Data.Survey;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Staging;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;

namespace Blueprint.Ingest.Publishing;

/// <summary>What a publish run did.</summary>
public sealed class PublishReport
{
    public int Created { get; set; }
    public int Updated { get; set; }
    public List<(long ResponseId, int Row, string Reason)> Skipped { get; } = [];
    public List<(long ResponseId, int Row, int InterventionId, bool Created)> Published { get; } = [];
}

/// <summary>
/// The separate, explicit step that turns staged responses into listings: only clean responses
/// whose respondent consented to publication; a response that matches an existing listing updates
/// it. Nothing personal is copied: the respondent's name, job title and e-mail stay in staging.
/// </summary>
public sealed class SurveyPublisher(BlueprintDb db, AreaLocator? locator = null)
{
    private const int Batch = 200;

    /// <param name="importId">Only this import's responses (null: every import).</param>
    /// <param name="responseIds">Only these responses (null: every accepted one not yet published).</param>
    public async Task<PublishReport> PublishAsync(int? importId, IReadOnlyCollection<long>? responseIds, CancellationToken ct = default)
    {
        var report = new PublishReport();
        var query = db.SurveyResponses.AsNoTracking().Where(r => r.PublishedInterventionId == null);
        if (importId is not null)
        {
            query = query.Where(r => r.ImportId == importId);
        }
        if (responseIds is { Count: > 0 })
        {
            var ids = responseIds.ToList();
            query = query.Where(r => ids.Contains(r.Id));
            var found = await db.SurveyResponses.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.RowNumber, r.PublishedInterventionId }).ToListAsync(ct);
            foreach (var missing in ids.Except(found.Select(f => f.Id)))
            {
                report.Skipped.Add((missing, 0, "There is no staged response with this id."));
            }
            foreach (var done in found.Where(f => f.PublishedInterventionId is not null))
            {
                report.Skipped.Add((done.Id, done.RowNumber, Invariant($"Already published as listing {done.PublishedInterventionId}.")));
            }
        }
        else
        {
            query = query.Where(r => r.Outcome == SurveyOutcomes.Accepted);
        }
        var candidates = await query.OrderBy(r => r.ImportId).ThenBy(r => r.RowNumber)
            .Select(r => new { r.Id, r.ImportId, r.RowNumber, r.Outcome, r.ConsentToPublish, r.Normalised, r.CompletedAt, ImportedAt = r.Import!.ImportedAt })
            .ToListAsync(ct);

        var matcher = await ListingMatcher.LoadAsync(db, ct);
        var organisations = (await db.Organisations.ToListAsync(ct))
            .GroupBy(o => ListingMatcher.OrganisationKey(o.Name)).ToDictionary(g => g.Key, g => g.First());
        var areas = await db.Areas.Where(a => a.Kind == AreaKinds.LocalAuthority).ToDictionaryAsync(a => a.Code, ct);
        var vocabularies = new VocabularyCatalog(await db.VocabularyTerms.AsNoTracking().ToListAsync(ct));

        // Each batch holds one import's responses, so that the audit trail names the import each change came from.
        foreach (var chunk in candidates.GroupBy(c => c.ImportId).SelectMany(g => g.Chunk(Batch)))
        {
            db.Actor = AuditActor.SurveyImport(chunk[0].ImportId);
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var done = new List<(long Id, int Row, Intervention Listing, bool Created)>();
                foreach (var c in chunk)
                {
                    if (c.Outcome is not (SurveyOutcomes.Accepted or SurveyOutcomes.Duplicate) || c.Normalised is null)
                    {
                        report.Skipped.Add((c.Id, c.RowNumber, c.Outcome == SurveyOutcomes.NotForPublication
                            ? "The respondent did not consent to publication: it stays as survey evidence."
                            : "The response has errors (see its problems) and cannot be published."));
                        continue;
                    }
                    if (c.ConsentToPublish != true)
                    {
                        report.Skipped.Add((c.Id, c.RowNumber, "The respondent did not consent to publication: it stays as survey evidence."));
                        continue;
                    }
                    var answer = JsonSerializer.Deserialize(c.Normalised, IngestJson.Default.NormalisedResponse)!;
                    if (Breaks(answer, areas, vocabularies, c.ImportId, c.RowNumber) is { } broken)
                    {
                        report.Skipped.Add((c.Id, c.RowNumber, broken));
                        continue;
                    }
                    var (listing, created) = await ListingForAsync(answer, matcher, organisations, ct);
                    Apply(answer, listing, areas, c.ImportId, c.RowNumber, DateOnly.FromDateTime(c.CompletedAt ?? c.ImportedAt));
                    done.Add((c.Id, c.RowNumber, listing, created));
                }
                await db.SaveChangesAsync(ct);
                var now = db.Clock.GetUtcNow().UtcDateTime;
                foreach (var (id, row, listing, created) in done)
                {
                    await db.SurveyResponses.Where(r => r.Id == id)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.PublishedInterventionId, listing.Id).SetProperty(r => r.PublishedAt, now), ct);
                    if (created)
                    {
                        matcher.Add(listing.Id, listing.Organisation!.Name, listing.Name);
                    }
                }
                await tx.CommitAsync(ct);
                foreach (var (id, row, listing, created) in done)
                {
                    report.Published.Add((id, row, listing.Id, created));
                    if (created)
                    {
                        report.Created++;
                    }
                    else
                    {
                        report.Updated++;
                    }
                }
            });
            db.ChangeTracker.Clear();
            // Tracked areas were cleared with the tracker: load them again for the next batch.
            areas = await db.Areas.Where(a => a.Kind == AreaKinds.LocalAuthority).ToDictionaryAsync(a => a.Code, ct);
            organisations = (await db.Organisations.ToListAsync(ct))
                .GroupBy(o => ListingMatcher.OrganisationKey(o.Name)).ToDictionary(g => g.Key, g => g.First());
        }
        return report;
    }

    private async Task<(Intervention, bool Created)> ListingForAsync(NormalisedResponse answer, ListingMatcher matcher,
        Dictionary<string, Organisation> organisations, CancellationToken ct)
    {
        if (matcher.Find(answer.OrganisationName!, answer.InterventionName!) is { } id)
        {
            var tracked = db.ChangeTracker.Entries<Intervention>().FirstOrDefault(e => e.Entity.Id == id)?.Entity;
            var existing = tracked ?? await db.Interventions.Include(i => i.Organisation).Include(i => i.Areas).Include(i => i.VenueRecords).Include(i => i.Venues)
                .FirstAsync(i => i.Id == id, ct);
            return (existing, false);
        }
        var key = ListingMatcher.OrganisationKey(answer.OrganisationName!);
        if (!organisations.TryGetValue(key, out var organisation))
        {
            organisation = new Organisation { Name = answer.OrganisationName!, Type = answer.OrganisationType ?? "other" };
            db.Organisations.Add(organisation);
            organisations[key] = organisation;
        }
        // A listing created earlier in this batch (not yet saved, so the matcher does not know it).
        var pending = db.ChangeTracker.Entries<Intervention>()
            .Select(e => e.Entity)
            .FirstOrDefault(i => i.Id == 0 && i.Organisation == organisation && ListingMatcher.NameKey(i.Name) == ListingMatcher.NameKey(answer.InterventionName!));
        if (pending is not null)
        {
            return (pending, false);
        }
        var listing = new Intervention { Name = answer.InterventionName!, Organisation = organisation };
        db.Interventions.Add(listing);
        return (listing, true);
    }

    private void Apply(NormalisedResponse a, Intervention i, Dictionary<string, Area> areas, int importId, int row, DateOnly verified)
    {
        if (a.OrganisationType is { } type && i.Organisation is { } org)
        {
            org.Type = type;
        }
        i.Description = a.Description ?? i.Description;
        i.Purposes = Prefer(a.Purposes, i.Purposes);
        i.Forms = Prefer(a.Forms, i.Forms);
        i.Settings = Prefer(a.Settings, i.Settings);
        i.Stages = Prefer(a.Stages, i.Stages);
        i.Gender = a.Gender ?? i.Gender;
        i.AgeBands = Prefer(a.AgeBands, i.AgeBands);
        i.CohortGroups = Prefer(a.CohortGroups, i.CohortGroups);
        i.RiskLevels = Prefer(a.RiskLevels, i.RiskLevels);
        i.ReferralRoutes = Prefer(a.ReferralRoutes, i.ReferralRoutes);
        i.Format = a.Format ?? i.Format;
        i.LengthText = a.LengthText ?? i.LengthText;
        i.LengthWeeks = a.LengthWeeks ?? i.LengthWeeks;
        i.Languages = Prefer(a.Languages, i.Languages);
        i.PlacesPerYear = a.PlacesPerYear ?? i.PlacesPerYear;
        i.WaitingTimeWeeks = a.WaitingTimeWeeks ?? i.WaitingTimeWeeks;
        i.SupportsPartners = a.SupportsPartners ?? i.SupportsPartners;
        i.Accreditations = Prefer(a.Accreditations, i.Accreditations);
        i.FundingSources = Prefer(a.FundingSources, i.FundingSources);
        i.FundingEnds = a.FundingStatus is null ? i.FundingEnds : a.FundingEnds;
        i.FundingStatus = a.FundingStatus ?? i.FundingStatus;
        i.Evaluation = a.Evaluation ?? i.Evaluation;
        i.OutcomeMeasures = a.OutcomeMeasures ?? i.OutcomeMeasures;
        i.ReferralPhone = a.ReferralPhone ?? i.ReferralPhone;
        i.ReferralEmail = a.ReferralEmail ?? i.ReferralEmail;
        i.ReferralUrl = a.ReferralUrl ?? i.ReferralUrl;
        if (a.LocalAuthorities.Count > 0)
        {
            i.AllWales = a.AllWales;
            i.Areas.Clear();
            if (!a.AllWales)
            {
                i.Areas.AddRange(a.LocalAuthorities.Where(areas.ContainsKey).Select(code => areas[code]));
            }
        }
        foreach (var venue in a.Venues.Where(v => i.VenueRecords.All(r => r.Postcode != v.Postcode)))
        {
            var visibility = VenueVisibility.IsValid(a.VenueVisibility) ? a.VenueVisibility! : VenueVisibility.Hidden;
            var areaCode = venue.Latitude is { } lat && venue.Longitude is { } lon ? locator?.LocalAuthorityAt(lat, lon)?.Code : null;
            i.AddVenue(new VenueRecord { Postcode = venue.Postcode, Latitude = venue.Latitude, Longitude = venue.Longitude, AreaCode = areaCode, Visibility = visibility });
        }
        i.Status = "active";
        i.LastVerified = verified;
        i.VerifiedBy = "Survey response";
        i.Source = "survey";
        i.SourceReference = Invariant($"survey import {importId}, row {row}");
    }

    /// <summary>
    /// What in the response breaks the listing rules that every route shares (<see cref="ListingRules"/>), checked
    /// on the listing the response alone would make; null when nothing does.
    /// </summary>
    private string? Breaks(NormalisedResponse answer, Dictionary<string, Area> areas, VocabularyCatalog vocabularies, int importId, int row)
    {
        var probe = new Intervention { Name = answer.InterventionName! };
        Apply(answer, probe, areas, importId, row, DateOnly.MinValue);
        var problems = ListingRules.Check(probe, vocabularies, areas.ContainsKey);
        return problems.Count == 0 ? null
            : "The response breaks the listing rules: " + string.Join(" ", problems.Select(p => $"[{p.Target}] {p.Message}"));
    }

    private static List<string> Prefer(List<string> answer, List<string> current) => answer.Count > 0 ? [.. answer] : current;
}
