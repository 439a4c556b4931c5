namespace Blueprint.Data.Directory;

/// <summary>A record with audit timestamps and an app-managed concurrency version (SQLite has no rowversion).</summary>
public interface ITracked
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
    long Version { get; set; }
}
