using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data.Persistence;

/// <summary>Start-up: migrate, then bring reference data in line with data/ (a second run changes nothing).</summary>
public static class DatabaseSetup
{
    /// <returns>How many reference rows were added or changed.</returns>
    public static async Task<int> MigrateAndSeedReferenceDataAsync(BlueprintDb db, AreaCatalog areas, VocabularyCatalog vocabularies, CancellationToken ct = default)
    {
        await SqliteFile.PrepareAsync(db, ct);
        // Migrate() also compares the model with the last migration's snapshot, which costs a second
        // and tens of MB on every start: ask first whether anything is pending.
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await db.Database.MigrateAsync(ct);
        }

        var changed = 0;
        var storedAreas = await db.Areas.ToDictionaryAsync(a => a.Code, ct);
        foreach (var area in areas.All)
        {
            if (!storedAreas.TryGetValue(area.Code, out var stored))
            {
                db.Areas.Add(new Area
                {
                    Code = area.Code, Kind = area.Kind, NameEn = area.NameEn, NameCy = area.NameCy,
                    LocalAuthorities = [.. area.LocalAuthorities], Aliases = [.. area.Aliases],
                });
                changed++;
            }
            else if (stored.Kind != area.Kind || stored.NameEn != area.NameEn || stored.NameCy != area.NameCy
                     || !stored.LocalAuthorities.SequenceEqual(area.LocalAuthorities) || !stored.Aliases.SequenceEqual(area.Aliases))
            {
                (stored.Kind, stored.NameEn, stored.NameCy) = (area.Kind, area.NameEn, area.NameCy);
                stored.LocalAuthorities = [.. area.LocalAuthorities];
                stored.Aliases = [.. area.Aliases];
                changed++;
            }
        }

        var storedTerms = await db.VocabularyTerms.ToDictionaryAsync(t => (t.Vocabulary, t.Code), ct);
        foreach (var term in vocabularies.Terms)
        {
            if (!storedTerms.TryGetValue((term.Vocabulary, term.Code), out var stored))
            {
                db.VocabularyTerms.Add(new VocabularyTerm
                {
                    Vocabulary = term.Vocabulary, Code = term.Code, LabelEn = term.LabelEn, LabelCy = term.LabelCy, SortOrder = term.SortOrder,
                });
                changed++;
            }
            else if (stored.LabelEn != term.LabelEn || stored.LabelCy != term.LabelCy || stored.SortOrder != term.SortOrder)
            {
                (stored.LabelEn, stored.LabelCy, stored.SortOrder) = (term.LabelEn, term.LabelCy, term.SortOrder);
                changed++;
            }
        }

        await db.SaveChangesAsync(ct);
        return changed;
    }
}
