namespace Blueprint.Api.Uploads;

public static class UploadRowStatus
{
    public const string Unchanged = "unchanged";
    public const string Changed = "changed";
    public const string New = "new";
    public const string Error = "error";
}

/// <summary>One changed field of a row: its column, the listing field, what the listing holds and what the file says.</summary>
public sealed record UploadChange(string Column, string Field, string? Before, string? After);

/// <summary>A problem (or, in notes, a remark) about a row, with the column concerned when there is one.</summary>
public sealed record UploadMessage(string? Column, string Message);

/// <summary>One row of the file as previewed.</summary>
public sealed record UploadRow(
    int Row, int? ListingId, int? OrganisationId, string? Name, string Status,
    IReadOnlyList<UploadChange> Changes, IReadOnlyList<UploadMessage> Errors, IReadOnlyList<UploadMessage> Notes);

public sealed record UploadTotals(int Rows, int Unchanged, int Changed, int New, int Errors, int NotInFile);

/// <summary>A listing of the uploader's organisations the file does not mention: reported, never deleted.</summary>
public sealed record UploadMissing(int Id, string Name, int OrganisationId);

/// <summary>The answer to an upload: nothing is saved until <see cref="Apply"/> is posted.</summary>
public sealed record UploadPreview(
    int Id, string FileName, string State, DateTime ExpiresAt, UploadTotals Totals, IReadOnlyList<UploadRow> Rows,
    IReadOnlyList<UploadMissing> NotInFile, string Apply);

/// <summary>What applying one row does: change listing <see cref="ListingId"/> (compared at <see cref="BaseVersion"/>) or create one.</summary>
public sealed record PlannedRow(int Row, int? ListingId, int OrganisationId, long? BaseVersion, string Body);

/// <summary>What happened to one applied row: applied at once, or waiting for an administrator (its queue item).</summary>
public sealed record AppliedRow(int Row, int? ListingId, string Outcome, int? ModerationId);

public sealed record UploadResult(int Id, string State, int Applied, int Waiting, int SkippedErrors, IReadOnlyList<AppliedRow> Rows);

/// <summary>The apply request's body: <c>{"skipErrors": true}</c> applies the valid rows of a preview that has error rows.</summary>
public sealed record ApplyRequest(bool SkipErrors);
