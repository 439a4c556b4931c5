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

/// <summary>What a publish run did (or, for a preview, would do).</summary>
public sealed class PublishReport
{
    public bool Preview { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public List<(long ResponseId, int Row, string Reason)> Skipped { get; } = [];
    /// <summary>For a preview, a listing that would be created has the id 0.</summary>
    public List<(long ResponseId, int Row, int InterventionId, bool Created)> Published { get; } = [];
    /// <summary>Responses older than the evidence the listing they match already holds: not applied.</summary>
    public List<PublishConflict> Conflicts { get; } = [];
    /// <summary>Responses held back (reason <see cref="SurveyOutcomes.NeedsArea"/>).</summary>
    public List<(long ResponseId, int Row, string Reason)> HeldBack { get; } = [];
}

/// <summary>A response older than its listing's newest evidence (the later of its last verification and its last edit).</summary>
public sealed record PublishConflict(long ResponseId, int Row, int InterventionId, string Name, DateTime ListingEvidenceAt, DateTime ResponseCompletedAt);

/// <summary>Which responses a publish takes, and how.</summary>
public sealed record PublishRequest
{
    /// <summary>Only this import's responses (null: every import).</summary>
    public int? ImportId { get; init; }
    /// <summary>Only these responses (null: every accepted one not yet published).</summary>
    public IReadOnlyCollection<long>? ResponseIds { get; init; }
    /// <summary>Responses to apply even though the listing holds newer evidence (an administrator's decision).</summary>
    public IReadOnlyCollection<long> OverwriteNewer { get; init; } = [];
    /// <summary>Work out the whole publish in a transaction that is rolled back: nothing is stored, audited or versioned.</summary>
    public bool Preview { get; init; }
}

/// <summary>
/// The separate, explicit step that turns staged responses into listings: only clean responses
/// whose respondent consented to publication; a response that matches an existing listing updates
/// it, unless the listing holds newer evidence (a conflict, left for an administrator). Responses naming
/// no area are held back. Nothing personal is copied: the respondent's name, job title and e-mail stay in staging.
/// </summary>
public sealed class SurveyPublisher(BlueprintDb db, AreaLocator? locator = null)
{
    private const int Batch = 200;

    /// <param name="importId">Only this import's responses (null: every import).</param>
    /// <param name="responseIds">Only these responses (null: every accepted one not yet published).</param>
    public Task<PublishReport> PublishAsync(int? importId, IReadOnlyCollection<long>? responseIds, CancellationToken ct = default) =>
        PublishAsync(new PublishRequest { ImportId = importId, ResponseIds = responseIds }, ct);

    public async Task<PublishReport> PublishAsync(PublishRequest request, CancellationToken ct = default)
    {
        if (!request.Preview)
        {
            return await RunAsync(request, ct);
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var report = await RunAsync(request, ct);
                report.Preview = true;
                return report;
            }
            finally
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        });
    }

    private async Task<PublishReport> RunAsync(PublishRequest request, CancellationToken ct)
    {
        var (importId, responseIds) = (request.ImportId, request.ResponseIds);
        var overwrite = request.OverwriteNewer.ToHashSet();
        var report = new PublishReport();
        // An erased import's responses keep only anonymised answers (no description, contacts or venues): never published.
        var query = db.SurveyResponses.AsNoTracking().Where(r => r.PublishedInterventionId == null && r.Import!.ErasedAt == null);
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
            query = query.Where(r => r.Outcome == SurveyOutcomes.Accepted || r.Outcome == SurveyOutcomes.NeedsArea);
        }
        var candidates = await query.OrderBy(r => r.ImportId).ThenBy(r => r.RowNumber)
            .Select(r => new Candidate(r.Id, r.ImportId, r.RowNumber, r.Outcome, r.ConsentToPublish, r.ConsentToContact, r.OrganisationName, r.InterventionName, r.Normalised, r.CompletedAt, r.Import!.ImportedAt))
            .ToListAsync(ct);

        var matcher = await ListingMatcher.LoadAsync(db, ct);
        var lastEdits = await LastEditsAsync(candidates, matcher, ct);
        var organisations = (await db.Organisations.ToListAsync(ct))
            .GroupBy(o => ListingMatcher.OrganisationKey(o.Name)).ToDictionary(g => g.Key, g => g.First());
        var areas = await db.Areas.Where(a => a.Kind == AreaKinds.LocalAuthority).ToDictionaryAsync(a => a.Code, ct);
        var vocabularies = new VocabularyCatalog(await db.VocabularyTerms.AsNoTracking().ToListAsync(ct));

        // Each batch holds one import's responses, so that the audit trail names the import each change came from.
        foreach (var chunk in candidates.GroupBy(c => c.ImportId).SelectMany(g => g.Chunk(Batch)))
        {
            db.Actor = AuditActor.SurveyImport(chunk[0].ImportId);
            var batch = new BatchResult();
            async Task RunBatchAsync()
            {
                batch = new BatchResult();
                foreach (var c in chunk)
                {
                    if (c.Outcome == SurveyOutcomes.NeedsArea)
                    {
                        batch.HeldBack.Add((c.Id, c.RowNumber, SurveyOutcomes.NeedsArea));
                        continue;
                    }
                    if (c.Outcome is not (SurveyOutcomes.Accepted or SurveyOutcomes.Duplicate) || c.Normalised is null)
                    {
                        batch.Skipped.Add((c.Id, c.RowNumber, c.Outcome == SurveyOutcomes.NotForPublication
                            ? "The respondent did not consent to publication: it stays as survey evidence."
                            : "The response has errors (see its problems) and cannot be published."));
                        continue;
                    }
                    if (c.ConsentToPublish != true)
                    {
                        batch.Skipped.Add((c.Id, c.RowNumber, "The respondent did not consent to publication: it stays as survey evidence."));
                        continue;
                    }
                    var answer = c.Answers();
                    if (Breaks(answer, areas, vocabularies, c.ImportId, c.RowNumber) is { } broken)
                    {
                        batch.Skipped.Add((c.Id, c.RowNumber, broken));
                        continue;
                    }
                    var (listing, created) = await ListingForAsync(answer, matcher, organisations, ct);
                    var completed = c.CompletedAt ?? c.ImportedAt;
                    if (!created && listing.Id != 0)
                    {
                        var evidence = listing.LastVerified.ToDateTime(TimeOnly.MinValue);
                        if (lastEdits.TryGetValue(listing.Id, out var edited) && edited > evidence)
                        {
                            evidence = edited;
                        }
                        if (completed < evidence && !overwrite.Contains(c.Id))
                        {
                            batch.Conflicts.Add(new(c.Id, c.RowNumber, listing.Id, listing.Name, evidence, completed));
                            continue;
                        }
                    }
                    // Never moves the last verification back, not even when an administrator applies older answers.
                    var verified = DateOnly.FromDateTime(completed);
                    Apply(answer, listing, areas, c.ImportId, c.RowNumber, created || verified > listing.LastVerified ? verified : listing.LastVerified);
                    batch.Done.Add((c.Id, c.RowNumber, listing, created));
                }
                await db.SaveChangesAsync(ct);
                var now = db.Clock.GetUtcNow().UtcDateTime;
                foreach (var (id, row, listing, created) in batch.Done)
                {
                    await db.SurveyResponses.Where(r => r.Id == id)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.PublishedInterventionId, listing.Id).SetProperty(r => r.PublishedAt, now), ct);
                    if (created)
                    {
                        matcher.Add(listing.Id, listing.Organisation!.Name, listing.Name);
                    }
                }
            }
            if (db.Database.CurrentTransaction is not null)
            {
                // A preview: the whole run is one transaction, rolled back by the caller.
                await RunBatchAsync();
            }
            else
            {
                var strategy = db.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await RunBatchAsync();
                    await tx.CommitAsync(ct);
                });
            }
            report.Skipped.AddRange(batch.Skipped);
            report.HeldBack.AddRange(batch.HeldBack);
            report.Conflicts.AddRange(batch.Conflicts);
            foreach (var (id, row, listing, created) in batch.Done)
            {
                report.Published.Add((id, row, request.Preview && created ? 0 : listing.Id, created));
                if (created)
                {
                    report.Created++;
                }
                else
                {
                    report.Updated++;
                }
            }
            db.ChangeTracker.Clear();
            // Tracked areas were cleared with the tracker: load them again for the next batch.
            areas = await db.Areas.Where(a => a.Kind == AreaKinds.LocalAuthority).ToDictionaryAsync(a => a.Code, ct);
            organisations = (await db.Organisations.ToListAsync(ct))
                .GroupBy(o => ListingMatcher.OrganisationKey(o.Name)).ToDictionary(g => g.Key, g => g.First());
        }
        return report;
    }

    private sealed record Candidate(long Id, int ImportId, int RowNumber, string Outcome, bool? ConsentToPublish, bool? ConsentToContact,
        string? OrganisationName, string? InterventionName, string? Normalised, DateTime? CompletedAt, DateTime ImportedAt)
    {
        public NormalisedResponse Answers() =>
            StagedAnswers.Read(Normalised!, OrganisationName, InterventionName, CompletedAt, ConsentToPublish, ConsentToContact);
    }

    private sealed class BatchResult
    {
        public List<(long Id, int Row, Intervention Listing, bool Created)> Done { get; } = [];
        public List<(long ResponseId, int Row, string Reason)> Skipped { get; } = [];
        public List<(long ResponseId, int Row, string Reason)> HeldBack { get; } = [];
        public List<PublishConflict> Conflicts { get; } = [];
    }

    /// <summary>
    /// The last edit (decision 0022's, survey publishes left out) of every existing listing the candidates match:
    /// with the last verification, the newest evidence a listing holds.
    /// </summary>
    private async Task<Dictionary<int, DateTime>> LastEditsAsync(List<Candidate> candidates, ListingMatcher matcher, CancellationToken ct)
    {
        var ids = new HashSet<int>();
        foreach (var c in candidates.Where(c => c.Normalised is not null && c.Outcome is SurveyOutcomes.Accepted or SurveyOutcomes.Duplicate))
        {
            var answer = c.Answers();
            if (answer.OrganisationName is { } o && answer.InterventionName is { } n && matcher.Find(o, n) is { } id)
            {
                ids.Add(id);
            }
        }
        var edits = new Dictionary<int, DateTime>();
        foreach (var part in ids.Chunk(500))
        {
            var listingIds = part.ToList();
            foreach (var e in await ListingEdits.Latest(db, db.Interventions.IgnoreQueryFilters().Where(i => listingIds.Contains(i.Id)).Select(i => i.Id), surveyPublishes: false)
                .Select(a => new { a.InterventionId, a.At }).ToListAsync(ct))
            {
                edits[e.InterventionId!.Value] = e.At;
            }
        }
        return edits;
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
