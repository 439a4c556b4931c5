using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Survey;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Reading;
using Blueprint.Ingest.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Ingest.Staging;

/// <summary>How an import runs.</summary>
public sealed record ImportOptions
{
    /// <summary>A profile name or path; null to choose by the file's header.</summary>
    public string? Profile { get; init; }
    /// <summary>Validate and report without storing anything.</summary>
    public bool DryRun { get; init; }
    /// <summary>The survey round (id or name); null for the one round open today.</summary>
    public string? Round { get; init; }
    public string ImportedBy { get; init; } = "unknown";
    /// <summary>The name recorded for the file (an upload's original name); defaults to the file's own name.</summary>
    public string? FileName { get; init; }
    /// <summary>The largest file accepted.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;
    /// <summary>The setting that sets <see cref="MaxFileBytes"/>, named when a file is refused for its size.</summary>
    public string MaxFileSetting { get; init; } = SurveyFile.DefaultSizeSetting;
    /// <summary>How many rows worth a look the report lists at most (all of them go to <see cref="OnRow"/>).</summary>
    public int MaxReportRows { get; init; } = 5_000;
    /// <summary>Called for every input row, in file order (the --report file).</summary>
    public Action<RowReport>? OnRow { get; init; }
    public IProgress<ImportProgress>? Progress { get; init; }
    /// <summary>
    /// Stage under a rollback journal when nothing else has the SQLite file open: the rows are written once instead of to
    /// the write-ahead log and again at its checkpoint, but a reader that opens the file meanwhile waits for the commit.
    /// The command line asks for it; a server never does (<see cref="RollbackJournal"/>).
    /// </summary>
    public bool RollbackJournalWhenAlone { get; init; }

    public const long DefaultMaxFileBytes = 100L * 1024 * 1024;
}

/// <summary>
/// The import pipeline: check the file, choose and bind the profile (refusing a file that lacks a
/// column before any row is read), then read, normalise, validate, de-duplicate and stage every row
/// in ONE transaction, so that an import is either complete or leaves no trace. A file already
/// imported (same SHA-256) changes nothing.
/// </summary>
public sealed class SurveyImporter(BlueprintDb db, AreaCatalog areaCatalog, VocabularyCatalog vocabularies, string dataRoot, PostcodeDirectory? postcodes = null)
{
    private readonly AreaAnswers areas = new(areaCatalog);

    public async Task<ImportReport> ImportAsync(string path, ImportOptions options, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var report = new ImportReport { FileName = SafeName(options.FileName ?? Path.GetFileName(path)), DryRun = options.DryRun };
        // The first pass over the file (its hash and encoding) runs beside the database work that needs neither:
        // the round and the listings to match. What each finds is used in the same order as before.
        var inspecting = Task.Run(() => SurveyFile.Inspect(path, options.MaxFileBytes, options.MaxFileSetting), ct);
        try
        {
            var round = await TryChooseRoundAsync(options, ct);
            var matcher = await ListingMatcher.LoadAsync(db, ct);
            var facts = await inspecting;
            report.FileHash = facts.Hash;
            report.Encoding = facts.EncodingName;
            report.EncodingEvidence = facts.Evidence();
            report.EncodingEvidenceCy = facts.Evidence(language: "cy");
            if (!options.DryRun && await db.SurveyImports.AsNoTracking().FirstOrDefaultAsync(i => i.FileHash == facts.Hash, ct) is { } earlier)
            {
                Earlier(report, earlier);
                await ReplayAsync(earlier.Id, options, report, ct);
                return report;
            }
            if (round.Refusal is { } refusal && !options.DryRun)
            {
                throw refusal;
            }
            if (round.Chosen is { } chosen)
            {
                (report.RoundId, report.RoundName) = (chosen.Id, chosen.Name);
            }
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                ResetCounts(report);
                await RunAsync(path, facts, options, round.Chosen, matcher, report, ct);
            });
        }
        catch (IngestFileException e)
        {
            db.ChangeTracker.Clear();
            (report.Error, report.ErrorCy) = (e.Message, e.MessageCy);
        }
        catch (DbUpdateException) when (!options.DryRun && report.FileHash is not null)
        {
            // Another import of the same file may have finished first.
            db.ChangeTracker.Clear();
            var hash = report.FileHash;
            if (await db.SurveyImports.AsNoTracking().FirstOrDefaultAsync(i => i.FileHash == hash, ct) is not { } other)
            {
                throw;
            }
            Earlier(report, other);
            await ReplayAsync(other.Id, options, report, ct);
            return report;
        }
        report.Seconds = clock.Elapsed.TotalSeconds;
        return report;
    }

    private static ImportReport Earlier(ImportReport report, SurveyImport earlier)
    {
        report.AlreadyImported = true;
        report.ImportId = earlier.Id;
        report.Profile = earlier.Profile;
        report.RowsRead = earlier.RowsRead;
        report.Accepted = earlier.Accepted;
        report.NotForPublication = earlier.NotForPublication;
        report.Rejected = earlier.Rejected;
        report.Duplicates = earlier.Duplicates;
        report.BlankRows = earlier.BlankRows;
        report.NeedsArea = earlier.NeedsArea;
        if (earlier.EncodingEvidence is { } stored)
        {
            // As the first run found it (with the rows that held invalid bytes); in Welsh too unless it was imported before
            // the Welsh was kept.
            (report.EncodingEvidence, report.EncodingEvidenceCy) = (stored, earlier.EncodingEvidenceCy);
        }
        report.RoundId = earlier.RoundId;
        return report;
    }

    /// <summary>
    /// The report of an import made before, rebuilt from its stored rows: every row to <see cref="ImportOptions.OnRow"/>
    /// (blank rows where the numbering has gaps), the rows worth a look in the report, as the first run gave them.
    /// </summary>
    private async Task ReplayAsync(int importId, ImportOptions options, ImportReport report, CancellationToken ct)
    {
        var rows = db.SurveyResponses.AsNoTracking().Where(r => r.ImportId == importId).OrderBy(r => r.RowNumber)
            .Select(r => new { r.RowNumber, r.Outcome, r.OrganisationName, r.InterventionName, r.DuplicateOfRow, r.MatchedInterventionId, r.Problems })
            .AsAsyncEnumerable();
        var next = 2;
        await foreach (var r in rows.WithCancellation(ct))
        {
            for (; next < r.RowNumber; next++)
            {
                options.OnRow?.Invoke(new RowReport(next, "blank", null, null, null, null, []));
            }
            next = r.RowNumber + 1;
            var problems = r.Problems is null ? [] : JsonSerializer.Deserialize(r.Problems, IngestJson.Default.ListProblem) ?? [];
            var row = new RowReport(r.RowNumber, r.Outcome, r.OrganisationName, r.InterventionName, r.DuplicateOfRow, r.MatchedInterventionId, problems);
            options.OnRow?.Invoke(row);
            if (r.MatchedInterventionId is not null)
            {
                report.MatchedExisting++;
            }
            if (r.Outcome != SurveyOutcomes.Accepted || problems.Count > 0)
            {
                if (report.Rows.Count < options.MaxReportRows)
                {
                    report.Rows.Add(row);
                }
                else
                {
                    report.RowsOmitted++;
                }
            }
        }
        // Blank rows after the last stored one (an export's trailing ",,,," lines): the import counted every row.
        for (var last = 1 + report.RowsRead + report.BlankRows; next <= last; next++)
        {
            options.OnRow?.Invoke(new RowReport(next, "blank", null, null, null, null, []));
        }
    }

    private static void ResetCounts(ImportReport r)
    {
        (r.RowsRead, r.Accepted, r.NotForPublication, r.Rejected, r.Duplicates, r.BlankRows, r.MatchedExisting, r.RowsOmitted) = (0, 0, 0, 0, 0, 0, 0, 0);
        r.NeedsArea = 0;
        r.Rows.Clear();
    }

    /// <summary>
    /// The round the import belongs to (<see cref="RoundChoice"/>), or why there is none. The refusal is raised only
    /// once the file is known not to be imported already (whose report is replayed whatever the rounds are), and never
    /// for a dry run, which needs no round: it names the round when there is one to name.
    /// </summary>
    private async Task<(SurveyRound? Chosen, IngestFileException? Refusal)> TryChooseRoundAsync(ImportOptions options, CancellationToken ct)
    {
        try
        {
            return (await RoundChoice.ResolveAsync(db, options.Round, ct), null);
        }
        catch (IngestFileException e)
        {
            return (null, e);
        }
    }

    private async Task RunAsync(string path, FileFacts facts, ImportOptions options, SurveyRound? round, ListingMatcher matcher, ImportReport report, CancellationToken ct)
    {
        var profiles = new ProfileCatalog(dataRoot);
        var profileName = options.Profile ?? round?.Profile;
        var named = profileName is null ? null : profiles.Get(profileName);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        // A named profile's own separator is honoured; otherwise the header row tells (commas, semicolons, tabs, or the
        // separator of a known profile, so that one written with "|" is read by "|" before it is chosen by its header).
        var separator = named is { Separator: not ',' } ? named.Separator
            : SurveyFile.DetectSeparator(path, facts.Encoding, named is null ? profiles.All().Select(p => p.Separator) : null);
        report.Separator = SurveyFile.SeparatorName(separator);
        using var csv = new SurveyCsv(stream, facts.Encoding, separator);
        var headers = csv.ReadHeader();
        var profile = named ?? ChooseProfile(profiles, headers, report);
        report.Profile = profile.Name;

        var profileProblems = ProfileBinding.Check(profile, vocabularies);
        if (profileProblems.Count > 0)
        {
            throw new IngestFileException($"The profile {profile.Name} has mistakes: {string.Join(" ", profileProblems)}",
                $"Mae camgymeriadau yn y proffil {profile.Name}: {string.Join(" ", profileProblems)}");
        }
        var missing = ProfileBinding.MissingColumns(profile, headers);
        if (missing.Count > 0)
        {
            var columns = string.Join("; ", missing.Select(m => $"'{m}'"));
            throw new IngestFileException($"The file lacks {missing.Count} column(s) that profile {profile.Name} needs, so no row was read: {columns}.",
                $"Nid oes gan y ffeil {missing.Count} colofn y mae ar y proffil {profile.Name} eu hangen, felly ni ddarllenwyd yr un rhes: {columns}.");
        }
        var binding = ProfileBinding.Bind(profile, headers, vocabularies);
        var normaliser = new ResponseNormaliser(binding, areas, postcodes ?? PostcodeDirectory.Empty);

        await using var journal = options.RollbackJournalWhenAlone && !options.DryRun ? await RollbackJournal.TryStartAsync(db, ct) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Reading (this producer) and normalising (chunks on the thread pool, at most InFlight at once)
        // overlap with the inserts below; chunks are consumed in file order, so numbering, duplicate
        // detection and the report are exactly as in a sequential run. They start before the import's
        // own record is written, which the first insert waits for.
        var chunks = Channel.CreateBounded<Task<Chunk>>(new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true });
        // A dry run stores nothing, so it writes none of the JSON a staged row stores.
        var producer = Task.Run(() => ProduceAsync(csv, normaliser, facts.HasInvalidUtf8, store: !options.DryRun, chunks.Writer, stop.Token), stop.Token);
        var invalidRows = new SortedSet<int>();
        IDbContextTransaction? transaction = null;
        SurveyImport? import = null;
        StagingWriter? writer = null;
        try
        {
            if (!options.DryRun)
            {
                transaction = await db.Database.BeginTransactionAsync(ct);
                import = new SurveyImport
                {
                    RoundId = round!.Id, FileName = report.FileName, FileHash = facts.Hash, FileSize = facts.Size, Encoding = facts.EncodingName,
                    Profile = profile.Name, Header = JsonSerializer.Serialize(headers, IngestJson.Default.IReadOnlyListString), ImportedBy = Truncate(options.ImportedBy, 200), ImportedAt = db.Clock.GetUtcNow().UtcDateTime,
                };
                db.SurveyImports.Add(import);
                await db.SaveChangesAsync(ct);
                writer = StagingWriter.Create(db);
            }
            var seen = new Dictionary<UInt128, int>();
            using var json = writer is null ? null : new StagedJson();
            await foreach (var pending in chunks.Reader.ReadAllAsync(stop.Token))
            {
                var chunk = await pending;
                foreach (var item in chunk.Items)
                {
                    if (item.Kind == RowKind.Blank)
                    {
                        report.BlankRows++;
                        options.OnRow?.Invoke(new RowReport(item.RowNumber, "blank", null, null, null, null, []));
                        continue;
                    }
                    var staged = item.Staged!;
                    var problems = item.Problems!;
                    if (item.InvalidBytes is not null && invalidRows.Count <= 10)
                    {
                        invalidRows.Add(item.RowNumber);
                    }
                    if (item.Kind == RowKind.Data)
                    {
                        Decide(item, matcher, seen, json, profile.AllowNoArea);
                    }
                    staged.ImportId = import?.Id ?? 0;
                    Count(report, staged);
                    if (writer is not null)
                    {
                        await writer.AddAsync(staged, ct);
                    }
                    var worthALook = staged.Outcome != SurveyOutcomes.Accepted || problems.Count > 0;
                    var listed = worthALook && report.Rows.Count < options.MaxReportRows;
                    if (worthALook && !listed)
                    {
                        report.RowsOmitted++;
                    }
                    if (options.OnRow is not null || listed)
                    {
                        var rowReport = new RowReport(staged.RowNumber, staged.Outcome, staged.OrganisationName, staged.InterventionName, staged.DuplicateOfRow, staged.MatchedInterventionId, problems);
                        options.OnRow?.Invoke(rowReport);
                        if (listed)
                        {
                            report.Rows.Add(rowReport);
                        }
                    }
                    if (report.RowsRead % 5000 == 0)
                    {
                        options.Progress?.Report(new ImportProgress(report.RowsRead, chunk.BytesRead, facts.Size));
                    }
                    if (report.RowsRead == SizingRows && chunk.BytesRead > 0)
                    {
                        // Size the duplicate index once for the whole file (rows so far × file size / bytes so far),
                        // rather than let it double its way up and leave each old copy to the garbage collector.
                        seen.EnsureCapacity((int)Math.Min(Array.MaxLength / 2, SizingRows * 1.05 * facts.Size / chunk.BytesRead));
                    }
                }
            }
            // A reading error (the file breaks the CSV rules) surfaces here, before anything is committed.
            await producer;
            options.Progress?.Report(new ImportProgress(report.RowsRead, facts.Size, facts.Size));
            report.EncodingEvidence = facts.Evidence(invalidRows);
            report.EncodingEvidenceCy = facts.Evidence(invalidRows, "cy");
            if (writer is not null && import is not null && transaction is not null)
            {
                await writer.FlushAsync(ct);
                import.EncodingEvidence = report.EncodingEvidence is { } evidence ? Truncate(evidence, 300) : null;
                import.EncodingEvidenceCy = report.EncodingEvidenceCy is { } welsh ? Truncate(welsh, 300) : null;
                (import.RowsRead, import.Accepted, import.NotForPublication, import.Rejected, import.Duplicates, import.BlankRows, import.NeedsArea) =
                    (report.RowsRead, report.Accepted, report.NotForPublication, report.Rejected, report.Duplicates, report.BlankRows, report.NeedsArea);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                report.ImportId = import.Id;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Already reported by the main flow, or stopped because it failed.
            }
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            if (import is not null && report.ImportId is null)
            {
                db.Entry(import).State = EntityState.Detached;
            }
        }
    }

    private static MappingProfile ChooseProfile(ProfileCatalog profiles, IReadOnlyList<string> headers, ImportReport report)
    {
        var all = profiles.All();
        var (chosen, closest) = ProfileCatalog.Choose(all, headers);
        if (chosen is not null)
        {
            report.ProfileChosen = true;
            return chosen;
        }
        if (closest is null)
        {
            throw new IngestFileException($"There are no mapping profiles in {profiles.Folder}.", $"Nid oes proffiliau mapio yn {profiles.Folder}.");
        }
        var missing = ProfileBinding.MissingColumns(closest, headers);
        var columns = string.Join("; ", missing.Take(10).Select(m => $"'{m}'")) + (missing.Count > 10 ? "; …" : "");
        throw new IngestFileException(
            $"No mapping profile fits this file's header, so no row was read. The closest, {closest.Name}, lacks {missing.Count} column(s): {columns}"
            + ". Name a profile (--profile on the command line), or draft one for this export: 'Suggest a profile' on the imports page, or profile suggest FILE --out NEW.json (see data/profiles/README.md).",
            $"Nid oes proffil mapio yn gweddu i bennawd y ffeil hon, felly ni ddarllenwyd yr un rhes. Nid oes gan yr agosaf, {closest.Name}, {missing.Count} colofn: {columns}"
            + ". Dewiswch broffil, neu luniwch un ar gyfer yr allforyn hwn (Awgrymu proffil).");
    }

    private static void Count(ImportReport report, StagedRow r)
    {
        report.RowsRead++;
        switch (r.Outcome)
        {
            case SurveyOutcomes.Accepted: report.Accepted++; break;
            case SurveyOutcomes.NotForPublication: report.NotForPublication++; break;
            case SurveyOutcomes.Duplicate: report.Duplicates++; break;
            case SurveyOutcomes.NeedsArea: report.NeedsArea++; break;
            default: report.Rejected++; break;
        }
        if (r.MatchedInterventionId is not null)
        {
            report.MatchedExisting++;
        }
    }

    /// <summary>Raw text of a malformed row kept at most this long (a hostile row may be megabytes).</summary>
    private const int MaxRawChars = 64 * 1024;

    private static (StagedRow, List<Problem>) Malformed(Item row, StagedJson? json)
    {
        var raw = row.Raw ?? "";
        var problems = new List<Problem> { new("(whole row)", null, row.Reason ?? "This row could not be read.") };
        if (raw.Length > MaxRawChars)
        {
            problems.Add(new("(whole row)", null, FormattableString.Invariant($"The row is {raw.Length:N0} characters long; its first {MaxRawChars:N0} are kept."), Code: "row-cut"));
        }
        return (new StagedRow
        {
            RowNumber = row.RowNumber,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))),
            RawRow = json?.Unreadable(raw.Length > MaxRawChars ? raw[..MaxRawChars] : raw) ?? [],
            Problems = json?.Problems(problems),
        }, problems);
    }

    private const int InFlight = 4;
    private const int SizingRows = 4096;
    // Rows go to the normalising threads in small chunks: few rows in flight means little survives each
    // garbage collection (256-row chunks made nearly every collection a generation-1 one; see bench/README.md),
    // and the byte budget bounds memory when rows are huge.
    private const int ChunkRows = 32;
    private const int ChunkBytes = 1 << 20;

    private sealed class Chunk(List<Item> items, long bytesRead)
    {
        public List<Item> Items { get; } = items;
        public long BytesRead { get; } = bytesRead;
    }

    /// <summary>One row on its way through the pipeline: read by the producer, prepared by a worker, decided in order.</summary>
    private sealed class Item
    {
        public RowKind Kind;
        public int RowNumber;
        public string[] Cells = [];
        public string? Raw;
        public string? Reason;
        public string? Hash;
        public StagedRow? Staged;
        public List<Problem>? Problems;
        public bool HasError;
        public UInt128 DuplicateKey;
        public bool? ConsentToPublish;
        public string? OrganisationKey;
        public string? NameKey;
        /// <summary>Names no area it serves: not all Wales, no local authority (from areas or places), no venue that locates.</summary>
        public bool NoArea;
        /// <summary>Bytes of the row that are not valid UTF-8 (a UTF-8 file with a few of them), shown in its warning.</summary>
        public List<byte>? InvalidBytes;
    }

    private static async Task ProduceAsync(SurveyCsv csv, ResponseNormaliser normaliser, bool findInvalidBytes, bool store, ChannelWriter<Task<Chunk>> output, CancellationToken ct)
    {
        var keys = new NameKeys();
        // One hash for every row of the file, reset after each: a one-shot hash sets up and clears OpenSSL's state per call.
        using var rowHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var items = new List<Item>(ChunkRows);
            var bytes = 0L;
            while (csv.Read(out var row))
            {
                ct.ThrowIfCancellationRequested();
                var item = new Item { Kind = row.Kind, RowNumber = row.RowNumber, Cells = row.Cells, Raw = row.Raw, Reason = row.Reason };
                if (row.Kind == RowKind.Data)
                {
                    // The raw bytes are reused by the reader: hash them now.
                    item.Hash = HexHash(rowHash, row.RawBytes.Span);
                    if (findInvalidBytes && Utf8Evidence.InvalidIn(row.RawBytes.Span) is { Count: > 0 } invalid)
                    {
                        item.InvalidBytes = invalid;
                    }
                }
                items.Add(item);
                bytes += row.RawBytes.Length + (row.Raw?.Length ?? 0) * 2L;
                if (items.Count == ChunkRows || bytes >= ChunkBytes)
                {
                    var full = items;
                    await output.WriteAsync(Task.Run(() => Prepare(full, normaliser, keys, csv.Headers, csv.BytesRead, store), ct), ct);
                    items = new List<Item>(ChunkRows);
                    bytes = 0;
                }
            }
            if (items.Count > 0)
            {
                await output.WriteAsync(Task.Run(() => Prepare(items, normaliser, keys, csv.Headers, csv.BytesRead, store), ct), ct);
            }
        }
        finally
        {
            output.TryComplete();
        }
    }

    private static Chunk Prepare(List<Item> items, ResponseNormaliser normaliser, NameKeys keys, IReadOnlyList<string> headers, long bytesRead, bool store)
    {
        using var json = store ? new StagedJson() : null;
        using var keyHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var item in items)
        {
            if (item.Kind == RowKind.Malformed)
            {
                (item.Staged, item.Problems) = Malformed(item, json);
            }
            else if (item.Kind == RowKind.Data)
            {
                Prepare(item, normaliser, keys, headers, json, keyHash);
            }
            item.Cells = [];
        }
        return new Chunk(items, bytesRead);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Prepare(Item item, ResponseNormaliser normaliser, NameKeys keys, IReadOnlyList<string> headers, StagedJson? json, IncrementalHash keyHash)
    {
        var (response, respondent, problems) = normaliser.Normalise(item.Cells);
        if (item.InvalidBytes is { } invalid)
        {
            InvalidBytesFound(item, headers, invalid, problems);
        }
        item.Staged = new StagedRow
        {
            RowNumber = item.RowNumber,
            ContentHash = item.Hash!,
            RawRow = json?.Cells(item.Cells) ?? [],
            OrganisationName = response.OrganisationName is { } o ? Truncate(o, 300) : null,
            InterventionName = response.InterventionName is { } n ? Truncate(n, 300) : null,
            CompletedAt = response.CompletedAt,
            RespondentName = respondent.Name is { } rn ? Truncate(rn, 200) : null,
            RespondentJobTitle = respondent.JobTitle is { } jt ? Truncate(jt, 200) : null,
            RespondentEmail = respondent.Email is { } em ? Truncate(em, 320) : null,
            ConsentToPublish = response.ConsentToPublish,
            ConsentToContact = response.ConsentToContact,
            Normalised = json?.Answers(response),
            Problems = json?.Problems(problems),
        };
        item.Problems = problems;
        item.HasError = problems.Exists(p => p.Severity == Severity.Error);
        item.ConsentToPublish = response.ConsentToPublish;
        item.NoArea = !response.AllWales && response.LocalAuthorities.Count == 0 && !response.Venues.Exists(v => v.Latitude is not null);
        if (!item.HasError)
        {
            item.OrganisationKey = keys.Organisation(response.OrganisationName!);
            item.NameKey = keys.Intervention(response.InterventionName!);
            item.DuplicateKey = DuplicateKey(keyHash, item.OrganisationKey, item.NameKey);
        }
    }

    /// <summary>A warning on each answer that held bytes that are not UTF-8 (read as �): the row is used, flagged for a look.</summary>
    private static void InvalidBytesFound(Item item, IReadOnlyList<string> headers, List<byte> invalid, List<Problem> problems)
    {
        var message = $"This answer held bytes that are not valid UTF-8 ({Utf8Evidence.Hex(invalid)}), shown as �: check it against the survey tool.";
        var found = false;
        for (var i = 0; i < item.Cells.Length && i < headers.Count; i++)
        {
            if (Utf8Evidence.HasReplacement(item.Cells[i]))
            {
                problems.Add(new(headers[i], item.Cells[i], message, Severity.Warning));
                found = true;
            }
        }
        if (!found)
        {
            problems.Add(new("(whole row)", null, $"This row held bytes that are not valid UTF-8 ({Utf8Evidence.Hex(invalid)}).", Severity.Warning));
        }
    }

    /// <summary>The order-dependent part, run in file order: duplicates, consent, the matching listing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Decide(Item item, ListingMatcher matcher, Dictionary<UInt128, int> seen, StagedJson? json, bool allowNoArea)
    {
        var staged = item.Staged!;
        var problems = item.Problems!;
        var found = problems.Count;
        if (!item.HasError)
        {
            if (seen.TryGetValue(item.DuplicateKey, out var first))
            {
                staged.Outcome = SurveyOutcomes.Duplicate;
                staged.DuplicateOfRow = first;
                problems.Add(new("", null, FormattableString.Invariant($"Row {first} already describes this intervention of this organisation; this row is kept as a duplicate and is not published unless chosen."), Severity.Warning));
            }
            else
            {
                seen[item.DuplicateKey] = item.RowNumber;
                if (item.ConsentToPublish == true && item.NoArea && !allowNoArea)
                {
                    staged.Outcome = SurveyOutcomes.NeedsArea;
                    problems.Add(new("", null, "The response names no area it serves (no local authority, region or place, and no venue that could be located), so no area or map search would find it: it is held back until it has one.", Severity.Warning));
                }
                else if (item.ConsentToPublish == true)
                {
                    staged.Outcome = SurveyOutcomes.Accepted;
                }
                else
                {
                    staged.Outcome = SurveyOutcomes.NotForPublication;
                    if (item.ConsentToPublish is null)
                    {
                        problems.Add(new("", null, "The question 'may we publish this intervention' was not answered, so it is kept as survey evidence and not published.", Severity.Warning));
                    }
                }
            }
            staged.MatchedInterventionId = matcher.FindByKeys(item.OrganisationKey!, item.NameKey!);
        }
        if (problems.Count != found && json is not null)
        {
            staged.Problems = json.Problems(problems);
        }
    }

    /// <summary>The first 16 bytes of SHA-256 over the UTF-8 of both keys with U+0001 between them.</summary>
    private static UInt128 DuplicateKey(IncrementalHash sha, string organisationKey, string nameKey)
    {
        Append(sha, organisationKey);
        sha.AppendData([0x01]);
        Append(sha, nameKey);
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
    }

    private static void Append(IncrementalHash sha, string text)
    {
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = bytes > 512 ? ArrayPool<byte>.Shared.Rent(bytes) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        sha.AppendData(buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>SHA-256 of the bytes as lower-case hex, through a reused hash.</summary>
    private static string HexHash(IncrementalHash sha, ReadOnlySpan<byte> bytes)
    {
        sha.AppendData(bytes);
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>The file's name without any folder (an upload's name comes from the client).</summary>
    private static string SafeName(string name)
    {
        var safe = Path.GetFileName(name.Replace('\\', '/'));
        safe = new string(safe.Where(c => !char.IsControl(c)).ToArray());
        return Truncate(safe.Length == 0 ? "upload.csv" : safe, 260);
    }
}
