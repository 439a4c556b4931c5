using System.ComponentModel.DataAnnotations;

namespace Blueprint.Api.Uploads;

/// <summary>Configuration section <c>ListingUploads</c>: how large an uploaded copy of the listings may be, and how long its preview may be applied.</summary>
public sealed class UploadOptions
{
    public const string Section = "ListingUploads";

    /// <summary>The largest file accepted (bytes): 2 MB holds thousands of listings.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The most rows one file may hold.</summary>
    [Range(1, 100_000)]
    public int MaxRows { get; set; } = 2000;

    /// <summary>Minutes a preview may be applied before it must be uploaded again.</summary>
    [Range(1, 7 * 24 * 60)]
    public int PreviewMinutes { get; set; } = 60;
}
