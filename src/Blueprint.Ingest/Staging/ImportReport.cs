using System.Text.Json.Serialization;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Staging;

/// <summary>What an import did: one summary, the same for the command line and the API.</summary>
public sealed class ImportReport
{
    public required string FileName { get; init; }
    /// <summary>Null when the file could not be processed (see <see cref="Error"/>).</summary>
    public int? ImportId { get; set; }
    /// <summary>The survey round the import belongs to (null for a dry run when no round could be chosen).</summary>
    public int? RoundId { get; set; }
    public string? RoundName { get; set; }
    public string? Profile { get; set; }
    /// <summary>The profile was chosen by matching the file's header (no profile was named).</summary>
    public bool ProfileChosen { get; set; }
    public string? Encoding { get; set; }
    /// <summary>Why that encoding, in words: "UTF-8: 412 multi-byte sequences, 1 invalid byte (0x97) on row 17".</summary>
    public string? EncodingEvidence { get; set; }
    public string? FileHash { get; set; }
    /// <summary>The field separator the file was read with: comma, semicolon or tab.</summary>
    public string? Separator { get; set; }
    public bool DryRun { get; set; }
    /// <summary>The same file (by SHA-256) was imported before; nothing changed.</summary>
    public bool AlreadyImported { get; set; }
    /// <summary>Why the file could not be processed at all; nothing was stored.</summary>
    public string? Error { get; set; }
    /// <summary><see cref="Error"/> in Welsh, where it was written (see <see cref="In"/>).</summary>
    [JsonIgnore]
    public string? ErrorCy { get; set; }
    /// <summary><see cref="EncodingEvidence"/> in Welsh, for this run's own evidence (see <see cref="In"/>).</summary>
    [JsonIgnore]
    public string? EncodingEvidenceCy { get; set; }

    /// <summary>Data rows read (blank rows not included) = accepted + not for publication + rejected + duplicates + needs area.</summary>
    public int RowsRead { get; set; }
    public int Accepted { get; set; }
    public int NotForPublication { get; set; }
    public int Rejected { get; set; }
    public int Duplicates { get; set; }
    public int BlankRows { get; set; }
    /// <summary>Consented, clean rows that name no area they serve: held back (outcome needs-area).</summary>
    public int NeedsArea { get; set; }
    /// <summary>Rows that match a listing already in the directory (publishing them updates it).</summary>
    public int MatchedExisting { get; set; }
    public double Seconds { get; set; }

    /// <summary>Rows worth a look (rejected, duplicate, not for publication, or with warnings), up to a limit.</summary>
    public List<RowReport> Rows { get; set; } = [];
    /// <summary>Rows left out of <see cref="Rows"/> to keep the report small.</summary>
    public int RowsOmitted { get; set; }

    public bool Processed => Error is null;

    /// <summary>
    /// The report worded for a page in <paramref name="language"/> ("cy" or "en"): in Welsh, the refusal and the encoding
    /// evidence are the Welsh ones where there are any. The command line and the stored import stay in English.
    /// </summary>
    public ImportReport In(string language)
    {
        if (language == "cy")
        {
            Error = ErrorCy ?? Error;
            EncodingEvidence = EncodingEvidenceCy ?? EncodingEvidence;
        }
        return this;
    }
}

/// <summary>One input row's fate: for the survey officer's report.</summary>
public sealed record RowReport(int Row, string Outcome, string? Organisation, string? Intervention, int? DuplicateOfRow, int? MatchedInterventionId, IReadOnlyList<Problem> Problems);

/// <summary>Progress of a running import.</summary>
public readonly record struct ImportProgress(int Rows, long BytesRead, long FileSize);
