namespace Blueprint.Data.Survey;

/// <summary>
/// One survey export imported into staging: which file (and its SHA-256, unique, so the same file
/// is never staged twice), which mapping profile, who ran it and when, and what became of its rows.
/// Written in the same transaction as its responses: an import is either complete or absent.
/// </summary>
public class SurveyImport
{
    public int Id { get; set; }
    /// <summary>The survey round the export belongs to.</summary>
    public int RoundId { get; set; }
    public SurveyRound? Round { get; set; }
    public required string FileName { get; set; }
    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public required string FileHash { get; set; }
    public long FileSize { get; set; }
    /// <summary>The text encoding the file was read as (utf-8, windows-1252, utf-16).</summary>
    public required string Encoding { get; set; }
    /// <summary>Why that encoding: the evidence counted (e.g. "UTF-8: 412 multi-byte sequences, 1 invalid byte (0x97) on row 17").</summary>
    public string? EncodingEvidence { get; set; }
    /// <summary>The same evidence in Welsh, for the Welsh imports page; null for imports made before it was kept.</summary>
    public string? EncodingEvidenceCy { get; set; }
    /// <summary>Name of the mapping profile (data/profiles/NAME.json).</summary>
    public required string Profile { get; set; }
    public required string ImportedBy { get; set; }
    public DateTime ImportedAt { get; set; }
    /// <summary>The file's header row as a JSON array of column names: each staged row's cells are in this order.</summary>
    public string? Header { get; set; }

    /// <summary>Data rows read (blank rows excluded).</summary>
    public int RowsRead { get; set; }
    public int Accepted { get; set; }
    public int NotForPublication { get; set; }
    public int Rejected { get; set; }
    public int Duplicates { get; set; }
    public int BlankRows { get; set; }
    /// <summary>Consented, clean responses naming no area they serve: held back from publishing.</summary>
    public int NeedsArea { get; set; }

    /// <summary>
    /// When the respondents' personal data was erased (on request or at the end of the retention period); null while
    /// it is kept. The record and the anonymised answers stay: analyses keep counting the import (docs/decisions/0028).
    /// </summary>
    public DateTime? ErasedAt { get; set; }
    /// <summary>Who erased it (an administrator's name, or the retention job).</summary>
    public string? ErasedBy { get; set; }
    /// <summary>What went and why, in words (the fields and columns removed, the reason).</summary>
    public string? Erasure { get; set; }

    public List<SurveyResponse> Responses { get; set; } = [];
}
