using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>
/// Drafts a mapping profile for an export's header (decision 0029): each column, or each one-column-per-option
/// question, is matched to the Blueprint field whose known wordings (<see cref="KnownWordings"/>) it is closest to
/// (<see cref="Wording"/>), helped by what its cells hold (dates, e-mail addresses, yes/no, vocabulary terms, places);
/// each field goes to its best column, best pairs first. The closest existing profile (or the one named) gives the
/// draft its answer synonyms, date formats and required fields; answer texts that still match nothing are mapped to
/// the closest term when it is plainly close (<see cref="AnswerProposer"/>), else listed.
/// </summary>
public sealed class ProfileSuggester(IReadOnlyList<MappingProfile> profiles, VocabularyCatalog vocabularies, AreaCatalog areas)
{
    /// <summary>A column is matched to a field only from this score.</summary>
    public const double Threshold = 0.5;

    private readonly KnownWordings wordings = new(profiles);
    private readonly AnswerProposer answers = new(profiles, vocabularies, new AreaAnswers(areas));

    private sealed record Unit(int Index, string Header, string[] Words, OptionGroup? Group)
    {
        public string Key { get; } = HeaderKey.Of(Header);
    }

    public ProfileSuggestion Suggest(ExportSample sample, string fileName, MappingProfile? from = null)
    {
        var headers = sample.Headers;
        var unmatched = new List<string>();
        var skip = new HashSet<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var key = HeaderKey.Of(headers[i]);
            if (key.Length == 0)
            {
                skip.Add(i);
                unmatched.Add(headers[i].Trim().Length == 0 ? $"(column {i + 1})" : headers[i]);
            }
            else if (!seen.Add(key))
            {
                // The import reads the first of several columns with the same header; the others cannot be mapped.
                skip.Add(i);
                unmatched.Add(headers[i]);
            }
        }
        var groups = OptionGroups.Find(sample, skip);
        var inGroups = groups.SelectMany(g => g.Options.Select(o => o.Index).Concat(g.Other is { } o ? [o.Index] : [])).ToHashSet();
        var units = new List<Unit>();
        foreach (var g in groups)
        {
            units.Add(new Unit(g.Options[0].Index, g.Question, Wording.Words(g.Question), g));
        }
        for (var i = 0; i < headers.Count; i++)
        {
            if (!skip.Contains(i) && !inGroups.Contains(i))
            {
                units.Add(new Unit(i, headers[i], Wording.Words(headers[i]), null));
            }
        }

        // Every plausible (column, field) pair, best first; each field and each column is used once.
        var pairs = new List<(Unit Unit, SurveyField Field, double Score)>();
        foreach (var unit in units)
        {
            foreach (var field in SurveyFields.All)
            {
                if (unit.Group is not null && field.Kind is not (FieldKind.Codes or FieldKind.Areas or FieldKind.Code))
                {
                    continue;
                }
                var fit = wordings.Fit(field.Name, unit.Key, unit.Words);
                if (fit < 0.3)
                {
                    continue;
                }
                var score = Math.Clamp(fit + answers.Evidence(sample, unit.Index, unit.Group, field), 0, 1);
                if (score >= Threshold)
                {
                    pairs.Add((unit, field, score));
                }
            }
        }
        var assigned = new Dictionary<string, (Unit Unit, double Confidence)>(StringComparer.Ordinal);
        var usedUnits = new HashSet<Unit>();
        foreach (var (unit, field, score) in pairs.OrderByDescending(p => p.Score).ThenBy(p => p.Unit.Index))
        {
            if (assigned.ContainsKey(field.Name) || usedUnits.Contains(unit))
            {
                continue;
            }
            // A close second reading of the same column, or a close second column for the field, lowers the confidence.
            var rival = pairs.Where(p => (p.Unit == unit) != (p.Field == field) && (p.Unit == unit || !usedUnits.Contains(p.Unit)) && (p.Field == field || !assigned.ContainsKey(p.Field.Name)))
                .Select(p => p.Score).DefaultIfEmpty(0).Max();
            var confidence = score - Math.Max(0, 0.1 - (score - rival));
            assigned[field.Name] = (unit, Math.Round(confidence, 2));
            usedUnits.Add(unit);
        }

        var basedOn = from ?? Closest(assigned);
        var draft = Draft(sample, fileName, basedOn, assigned, out var proposed, out var unmatchedAnswers);

        var columns = new List<SuggestedColumn>();
        foreach (var (field, (unit, confidence)) in assigned.OrderBy(a => a.Value.Unit.Index))
        {
            if (unit.Group is { } g)
            {
                columns.AddRange(g.Options.Select(o => new SuggestedColumn(headers[o.Index], field, confidence, o.Option)));
                if (g.Other is { } other)
                {
                    columns.Add(new SuggestedColumn(headers[other.Index], field, confidence, other.Option));
                }
            }
            else
            {
                columns.Add(new SuggestedColumn(headers[unit.Index], field, confidence));
            }
        }
        unmatched.AddRange(units.Where(u => !usedUnits.Contains(u)).SelectMany(u => u.Group is { } g
            ? g.Options.Select(o => headers[o.Index]).Concat(g.Other is { } o ? [headers[o.Index]] : [])
            : [headers[u.Index]]));
        var problems = SurveyFields.Essential.Where(e => !assigned.ContainsKey(e))
            .Select(e => $"No column looks like '{SurveyFields.Find(e)!.Label}' ({e}), which every profile must map: name its column in the draft before using it.")
            .ToList();
        return new ProfileSuggestion
        {
            Profile = draft,
            ProfileJson = DraftProfileJson.Write(draft),
            BasedOn = basedOn?.Name,
            Columns = columns,
            UnmatchedColumns = unmatched,
            UnmatchedAnswers = unmatchedAnswers,
            ProposedAnswers = proposed,
            UnmappedFields = basedOn is null ? [] : [.. basedOn.Fields.Keys.Where(f => !assigned.ContainsKey(f))],
            Problems = problems,
            RowsSampled = sample.Rows.Count,
        };
    }

    /// <summary>The existing profile that names most of the matched columns as the file does, and writes multi-choice answers the same way.</summary>
    private MappingProfile? Closest(Dictionary<string, (Unit Unit, double Confidence)> assigned)
    {
        MappingProfile? best = null;
        var bestScore = 0;
        foreach (var profile in profiles)
        {
            var score = 0;
            foreach (var (field, (unit, _)) in assigned)
            {
                if (!profile.Fields.TryGetValue(field, out var map))
                {
                    continue;
                }
                score += HeaderKey.Of(map.Column) == HeaderKey.Of(unit.Header) ? 1 : 0;
                score += (map.Options is not null) == (unit.Group is not null) && SurveyFields.Find(field)!.Kind is FieldKind.Codes or FieldKind.Areas ? 1 : 0;
            }
            if (score > bestScore)
            {
                (best, bestScore) = (profile, score);
            }
        }
        return best;
    }

    private MappingProfile Draft(ExportSample sample, string fileName, MappingProfile? basedOn, Dictionary<string, (Unit Unit, double Confidence)> assigned,
        out List<ProposedAnswer> proposed, out List<UnmatchedAnswer> unmatched)
    {
        proposed = [];
        unmatched = [];
        var fields = new Dictionary<string, FieldMapping>(StringComparer.Ordinal);
        foreach (var field in SurveyFields.All)
        {
            if (!assigned.TryGetValue(field.Name, out var a))
            {
                continue;
            }
            var unit = a.Unit;
            var old = basedOn?.Fields.GetValueOrDefault(field.Name);
            var split = unit.Group is null && field.Kind is FieldKind.Codes or FieldKind.Areas ? AnswerProposer.Separator(sample, unit.Index, old?.Split, field, answers) : null;
            var synonyms = answers.Start(field, old);
            answers.Review(sample, unit.Index, unit.Group, split, field, synonyms, proposed, unmatched);
            fields[field.Name] = new FieldMapping
            {
                Column = unit.Group?.Question ?? sample.Headers[unit.Index],
                Required = old?.Required ?? SurveyFields.Essential.Contains(field.Name),
                Split = split,
                Options = unit.Group is { } g ? [.. g.Options.Select(o => o.Option)] : null,
                OptionHeader = unit.Group?.OptionHeader ?? "{column} - {option}",
                Other = unit.Group?.Other?.Option,
                Answers = synonyms,
            };
        }
        var dates = assigned.TryGetValue("completedAt", out var completed) && completed.Unit.Group is null
            ? DateFormats.Detect(sample.Cells(completed.Unit.Index)) : [];
        var name = DraftName(fileName);
        return new MappingProfile
        {
            Name = name,
            Description = $"Drafted by profile suggest from {Path.GetFileName(fileName)}" + (basedOn is null ? "" : $", starting from {basedOn.Name}") + ". Check the review before using it.",
            Separator = sample.Separator,
            DateFormats = [.. dates.Concat(basedOn?.DateFormats ?? []).Distinct(StringComparer.Ordinal)],
            Fields = fields,
        };
    }

    /// <summary>A profile name from the file's name: lower case letters, digits and hyphens, "-draft" at the end.</summary>
    public static string DraftName(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant();
        var chars = stem.Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-').ToArray();
        var name = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length > 60)
        {
            name = name[..60].TrimEnd('-');
        }
        return (name.Length == 0 ? "survey" : name) + "-draft";
    }
}
